"""Vietnamese text, independent of what is measured: clean text and folding, sentences,
the number grammar, time phrases → periods, places and the gazetteer, the dictionary, `Doc`.

May import: hl_extract.common.
"""

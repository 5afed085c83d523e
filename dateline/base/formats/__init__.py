"""Date formats per interface language (FORMAT_MODULE_PATH), read before Django's.

Templates write `date:"DATETIME_FORMAT"` rather than a fixed pattern so that a
Spanish page says "6 de septiembre de 2021" and an Arabic one uses its own order.
"""

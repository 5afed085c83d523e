# The Arabic comma separates the date from the time.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i T"

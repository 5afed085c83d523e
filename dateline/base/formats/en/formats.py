# Day before month, as the site has always printed dates: "6 September 2021".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i T"

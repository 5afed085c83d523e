"""What readers and editors get when a server behind the site is down."""

"""A true bare Django app, the baseline of `make bench`: no installed app, no middleware, one view reading one
row with one SELECT, served by the same gunicorn settings (`gunicorn.conf.py`) and database pool as the portal."""

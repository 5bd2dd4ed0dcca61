#!/bin/sh
# A "browser" that closes its end of the DevTools pipe (fd 4) and stays alive.
exec 4>&-
exec sleep 600

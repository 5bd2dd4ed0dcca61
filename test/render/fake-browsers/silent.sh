#!/bin/sh
# A "browser" that starts and never answers the DevTools pipe.
exec sleep 600

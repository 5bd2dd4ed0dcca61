#!/bin/sh
# A "browser" that writes something that is not JSON on the DevTools pipe.
printf 'Segmentation fault (core dumped)\000' >&4
exec sleep 600

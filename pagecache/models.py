# No models: the stamp's table is made by `pagecache.stamp.install` after each migrate, not by a migration,
# so that `flush` and `dumpdata` never touch it (a backup copies it; `restore` then raises the stamp). This
# module exists so that Django sends this app the post_migrate signal.

# No models: the stamp's table is made by `pagecache.stamp.install` after each migrate, not by a migration,
# so that `flush`, `dumpdata` and backups never touch it. This module exists so that Django sends this app
# the post_migrate signal.

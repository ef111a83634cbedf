"""What every app here is built on and none owns: optimistic locking, pagination, admin classes.
No models, and nothing about trade or cooperation."""

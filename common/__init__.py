"""What every app here is built on and none owns: optimistic locking, pagination, admin classes,
chart layout and the printing of numbers. No models, and nothing about trade or cooperation."""

"""Loading many posts: `iter_load` (in `newsdoc.batch.loading`), its process pool
(`newsdoc.batch.pool`) and the compact form articles travel back from workers in
(`newsdoc.batch.transfer`)."""

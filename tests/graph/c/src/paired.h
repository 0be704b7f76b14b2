int paired_fn(void);

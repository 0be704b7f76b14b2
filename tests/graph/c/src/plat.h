int plat_init(void);

double hibana_bench_placeholder(void);

/*
 * Times SuiteSparse KLU on a matrix written by `xbarsim run NETLIST --dump-matrix FILE.mtx`:
 * symbolic analysis (its default ordering, AMD), numeric factorization, refactorization on the
 * same pattern, and one solve, each the median of RUNS repetitions; prints one CSV line
 * (header with --header): file, n, entries, factor entries (L + U), the four times in ms, and the
 * relative residual of the solve of A x = A 1.
 *
 * Build (Debian's libsuitesparse-dev):  cc -O2 -o klu_bench klu_bench.c -lklu -lamd -lcolamd -lbtf -lsuitesparseconfig -lm
 * Run:                                  ./klu_bench FILE.mtx [RUNS]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <suitesparse/klu.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void fail(const char *what, const char *file) {
    fprintf(stderr, "klu_bench: %s: %s\n", file, what);
    exit(2);
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "--header") == 0) {
        printf("file,n,entries,factor_entries,symbolic_ms,factor_ms,refactor_ms,solve_ms,residual\n");
        return 0;
    }
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: klu_bench FILE.mtx [RUNS] | klu_bench --header\n");
        return 2;
    }
    int runs = argc == 3 ? atoi(argv[2]) : 5;
    if (runs < 1) fail("RUNS must be at least 1", argv[1]);
    FILE *f = fopen(argv[1], "r");
    if (!f) fail("cannot open", argv[1]);
    char line[512];
    if (!fgets(line, sizeof line, f) || strncmp(line, "%%MatrixMarket matrix coordinate real general", 45) != 0)
        fail("not a Matrix Market coordinate real general file", argv[1]);
    do {
        if (!fgets(line, sizeof line, f)) fail("no size line", argv[1]);
    } while (line[0] == '%');
    long n, m, nz;
    if (sscanf(line, "%ld %ld %ld", &n, &m, &nz) != 3 || n != m || n < 1 || nz < 1) fail("bad size line", argv[1]);
    int *ti = malloc(nz * sizeof *ti), *tj = malloc(nz * sizeof *tj);
    double *tx = malloc(nz * sizeof *tx);
    for (long k = 0; k < nz; k++) {
        long i, j;
        if (fscanf(f, "%ld %ld %lf", &i, &j, &tx[k]) != 3 || i < 1 || i > n || j < 1 || j > n) fail("bad entry", argv[1]);
        ti[k] = (int) (i - 1);
        tj[k] = (int) (j - 1);
    }
    fclose(f);
    /* CSC, entries of a column in the order given (the file is column by column, without duplicates) */
    int *ap = calloc(n + 1, sizeof *ap), *ai = malloc(nz * sizeof *ai);
    double *ax = malloc(nz * sizeof *ax);
    for (long k = 0; k < nz; k++) ap[tj[k] + 1]++;
    for (long j = 0; j < n; j++) ap[j + 1] += ap[j];
    int *next = malloc(n * sizeof *next);
    memcpy(next, ap, n * sizeof *next);
    for (long k = 0; k < nz; k++) {
        int p = next[tj[k]]++;
        ai[p] = ti[k];
        ax[p] = tx[k];
    }
    double *b = calloc(n, sizeof *b), *x = malloc(n * sizeof *x);
    for (long j = 0; j < n; j++)
        for (int p = ap[j]; p < ap[j + 1]; p++) b[ai[p]] += ax[p];
    klu_common common;
    klu_defaults(&common);
    double *ts = malloc(runs * sizeof *ts), *tf = malloc(runs * sizeof *tf), *tr = malloc(runs * sizeof *tr),
           *tv = malloc(runs * sizeof *tv);
    long factor = 0;
    double residual = 0;
    for (int r = 0; r < runs; r++) {
        double t0 = now_ms();
        klu_symbolic *sym = klu_analyze((int) n, ap, ai, &common);
        double t1 = now_ms();
        if (!sym) fail("klu_analyze failed", argv[1]);
        klu_numeric *num = klu_factor(ap, ai, ax, sym, &common);
        double t2 = now_ms();
        if (!num) fail("klu_factor failed (singular?)", argv[1]);
        if (!klu_refactor(ap, ai, ax, sym, num, &common)) fail("klu_refactor failed", argv[1]);
        double t3 = now_ms();
        memcpy(x, b, n * sizeof *x);
        if (!klu_solve(sym, num, (int) n, 1, x, &common)) fail("klu_solve failed", argv[1]);
        double t4 = now_ms();
        ts[r] = t1 - t0;
        tf[r] = t2 - t1;
        tr[r] = t3 - t2;
        tv[r] = t4 - t3;
        factor = num->lnz + num->unz;
        /* the residual of A x = A 1, relative to |A| |x| */
        double worst = 0;
        double *ax1 = calloc(n, sizeof *ax1), *scale = calloc(n, sizeof *scale);
        for (long j = 0; j < n; j++)
            for (int p = ap[j]; p < ap[j + 1]; p++) {
                ax1[ai[p]] += ax[p] * x[j];
                scale[ai[p]] += fabs(ax[p] * x[j]);
            }
        for (long i = 0; i < n; i++)
            if (scale[i] > 0) worst = fmax(worst, fabs(ax1[i] - b[i]) / scale[i]);
        residual = worst;
        free(ax1);
        free(scale);
        klu_free_numeric(&num, &common);
        klu_free_symbolic(&sym, &common);
    }
    printf("%s,%ld,%ld,%ld,%.3f,%.3f,%.3f,%.3f,%.2e\n", argv[1], n, nz, factor, median(ts, runs), median(tf, runs),
           median(tr, runs), median(tv, runs), residual);
    return 0;
}

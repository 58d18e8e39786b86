/* The few file and clock calls the benchmarks in bench/progs make, mapped
 * to Win32 (built with MinGW, run under wow64run) or to POSIX (built with
 * gcc -m32, run natively), so each benchmark's logic is one shared source.
 * Each program times its own inner loop and prints one line per result,
 * "<name> <value> <unit>", so process start-up is not measured. */
#ifndef BENCH_H
#define BENCH_H

#include <stdio.h>
#include <stdlib.h>

#ifdef _WIN32
#include <windows.h>

typedef HANDLE bench_file;
#define BENCH_BAD_FILE INVALID_HANDLE_VALUE

/* A new empty file for reading and writing, replacing any old one. */
static inline bench_file bench_create(const char *path)
{
    return CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL, NULL);
}

/* Bytes read or written, or -1. */
static inline long bench_read(bench_file f, void *buf, unsigned long n)
{
    DWORD got;

    return ReadFile(f, buf, n, &got, NULL) ? (long)got : -1;
}

static inline long bench_write(bench_file f, const void *buf, unsigned long n)
{
    DWORD done;

    return WriteFile(f, buf, n, &done, NULL) ? (long)done : -1;
}

/* The trivial file service: where the file pointer is, without moving it. */
static inline long bench_tell(bench_file f)
{
    DWORD pos = SetFilePointer(f, 0, NULL, FILE_CURRENT);

    return pos == INVALID_SET_FILE_POINTER && GetLastError() != NO_ERROR ? -1 : (long)pos;
}

static inline int bench_rewind(bench_file f)
{
    return SetFilePointer(f, 0, NULL, FILE_BEGIN) == 0 ? 0 : -1;
}

static inline void bench_close(bench_file f)
{
    CloseHandle(f);
}

static inline void bench_delete(const char *path)
{
    DeleteFileA(path);
}

static inline double bench_now_ns(void)
{
    static LARGE_INTEGER freq;
    LARGE_INTEGER t;

    if (!freq.QuadPart)
        QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1e9 / (double)freq.QuadPart;
}

#else
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

typedef int bench_file;
#define BENCH_BAD_FILE (-1)

/* A new empty file for reading and writing, replacing any old one. */
static inline bench_file bench_create(const char *path)
{
    return open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
}

/* Bytes read or written, or -1. */
static inline long bench_read(bench_file f, void *buf, unsigned long n)
{
    return (long)read(f, buf, n);
}

static inline long bench_write(bench_file f, const void *buf, unsigned long n)
{
    return (long)write(f, buf, n);
}

/* The trivial file service: where the file pointer is, without moving it. */
static inline long bench_tell(bench_file f)
{
    return (long)lseek(f, 0, SEEK_CUR);
}

static inline int bench_rewind(bench_file f)
{
    return lseek(f, 0, SEEK_SET) == 0 ? 0 : -1;
}

static inline void bench_close(bench_file f)
{
    close(f);
}

static inline void bench_delete(const char *path)
{
    unlink(path);
}

static inline double bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}
#endif

/* Reports a failed call, removes the file and ends the program: a
 * benchmark that measured an error path would print a meaningless number. */
static inline void bench_fail(const char *what, const char *path, bench_file f)
{
    fprintf(stderr, "%s failed on %s\n", what, path);
    if (f != BENCH_BAD_FILE)
        bench_close(f);
    bench_delete(path);
    exit(1);
}

#endif

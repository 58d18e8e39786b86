/* The few file, memory, thread and clock calls the benchmarks in
 * bench/progs make, mapped to Win32 (built with MinGW, run under wow64run)
 * or to POSIX and glibc (built with gcc -m32, run natively), so each
 * benchmark's logic is one shared source.
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

/* Small blocks: HeapAlloc/HeapFree on the process heap, as a Windows
 * program (or msvcrt's malloc) does. */
static HANDLE bench_heap;

static inline void *bench_alloc(size_t n)
{
    if (!bench_heap)
        bench_heap = GetProcessHeap();
    return HeapAlloc(bench_heap, 0, n);
}

static inline void bench_free(void *p)
{
    HeapFree(bench_heap, 0, p);
}

/* Threads: CreateThread, WaitForSingleObject, CloseHandle. CreateThread is
 * looked up at run time, so that the program loads (and says why it cannot
 * measure) on a kernel32 without it. */
typedef HANDLE bench_thread;
typedef HANDLE(WINAPI *create_thread_fn)(LPSECURITY_ATTRIBUTES, SIZE_T, LPTHREAD_START_ROUTINE,
                                          LPVOID, DWORD, LPDWORD);
static create_thread_fn bench_create_thread_ptr;

#define BENCH_THREAD_FN(name) DWORD WINAPI name(LPVOID arg)
#define BENCH_THREAD_RETURN return 0

/* NULL when threads can be made; else why not. */
static inline const char *bench_threads_unavailable(void)
{
    bench_create_thread_ptr = (create_thread_fn)(void (*)(void))GetProcAddress(
        GetModuleHandleA("kernel32.dll"), "CreateThread");
    return bench_create_thread_ptr ? NULL : "CreateThread missing";
}

/* 0 on success; -1 with the reason in *why. */
static inline int bench_thread_start(bench_thread *t, LPTHREAD_START_ROUTINE fn, void *arg,
                                     const char **why)
{
    *t = bench_create_thread_ptr(NULL, 0, fn, arg, 0, NULL);
    if (*t)
        return 0;
    *why = GetLastError() == ERROR_CALL_NOT_IMPLEMENTED ? "CreateThread not implemented"
                                                         : "CreateThread failed";
    return -1;
}

static inline int bench_thread_join(bench_thread t)
{
    DWORD r = WaitForSingleObject(t, INFINITE);

    CloseHandle(t);
    return r == WAIT_OBJECT_0 ? 0 : -1;
}

#else
#include <fcntl.h>
#include <pthread.h>
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

/* Small blocks: glibc's malloc and free. */
static inline void *bench_alloc(size_t n)
{
    return malloc(n);
}

static inline void bench_free(void *p)
{
    free(p);
}

/* Threads: pthread_create and pthread_join. */
typedef pthread_t bench_thread;

#define BENCH_THREAD_FN(name) void *name(void *arg)
#define BENCH_THREAD_RETURN return NULL

static inline const char *bench_threads_unavailable(void)
{
    return NULL;
}

static inline int bench_thread_start(bench_thread *t, void *(*fn)(void *), void *arg,
                                     const char **why)
{
    if (pthread_create(t, NULL, fn, arg) == 0)
        return 0;
    *why = "pthread_create failed";
    return -1;
}

static inline int bench_thread_join(bench_thread t)
{
    return pthread_join(t, NULL);
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

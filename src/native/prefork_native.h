/*
 * What the addon's C part (prefork_native.c) and its C++ part (fork_child.cc,
 * or client_only.c in the client's build) give each other.
 */
#ifndef PREFORK_NATIVE_H
#define PREFORK_NATIVE_H

#include <node_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* prefork_native.c: the caller's terminal and descriptors back, the working set, _exit(code) */
#ifdef __cplusplus
[[noreturn]]
#else
_Noreturn
#endif
void prefork_leave(int code);

/* fork_child.cc: in a freshly forked child, before any JavaScript: 0, or -1 if the pool could not be made safe */
int prefork_patch_worker_pool(void);
/* fork_child.cc: in a process about to fork, returns once V8's worker pool has run what was posted to it */
void prefork_quiesce_pool(void);
/* fork_child.cc: setExitHandler() */
napi_value prefork_js_set_exit_handler(napi_env env, napi_callback_info info);

#ifdef __cplusplus
}
#endif

#endif

/*
 * The client's addon (prefork_client.node) is prefork_native.c without
 * fork_child.cc: the client never forks Node, and without the C++ part it
 * needs neither libstdc++ nor Node's internal ABI (the libuv symbols of the
 * fork code are bound lazily and never called there), so it loads in any
 * runtime that speaks N-API (the compiled client's bun among them). These
 * stand in for what fork_child.cc defines.
 */
#include "prefork_native.h"

int prefork_patch_worker_pool(void) { return -1; }
void prefork_quiesce_pool(void) {}

static napi_value not_here(napi_env env) {
  napi_throw_error(env, NULL, "not in the client's addon (prefork_native.node has it)");
  return NULL;
}

napi_value prefork_js_set_exit_handler(napi_env env, napi_callback_info info) { return not_here(env); }

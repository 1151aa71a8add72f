/*
 * What a forked Node needs from Node's C++ API (the rest of the addon is C,
 * N-API only): V8's worker pool, and the process's exit.
 *
 * The pool: a fork copies no threads, so a task V8 posts to its worker pool
 * in a forked process is never run; Node counts it as outstanding, and
 * NodePlatform::DrainTasks, which a finishing Worker thread and the end of
 * the main loop call, then waits for it for ever. In every forked child,
 * before any JavaScript, the platform's two "post to a worker thread" entries
 * are replaced by ones that destroy the task at once (what such a task would
 * have done, the main thread does itself when it joins the job), and the
 * process about to fork first waits until its pool has run what it had.
 *
 * The exit: Node's own paths (process.exit, a fatal exception once Node has
 * printed it, the natural end with its 'beforeExit' and 'exit') run as in a
 * plain process; only their last step, which would dispose of the platform
 * and join threads the fork did not copy, is replaced by prefork_leave().
 */
#include <node.h>
#include <node_api.h>
#include <v8-platform.h>
#include <v8.h>

#include <semaphore.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "prefork_native.h"

namespace {

v8::Platform *CurrentPlatform() {
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  if (iso == nullptr) return nullptr;
  return node::GetMultiIsolatePlatform(node::GetCurrentEnvironment(iso->GetCurrentContext()));
}

/* Itanium C++ ABI: a pointer to a virtual member function holds its vtable offset (+1 on x86; the flag is in adj on ARM). */
template <typename F>
long VtableIndex(F f) {
  struct {
    uintptr_t ptr;
    ptrdiff_t adj;
  } pmf;
  static_assert(sizeof(f) == sizeof(pmf), "Itanium pointer to member function");
  memcpy(&pmf, &f, sizeof pmf);
#if defined(__aarch64__) || defined(__arm__)
  return (pmf.adj & 1) ? long(pmf.ptr / sizeof(void *)) : -1;
#else
  return (pmf.ptr & 1) ? long((pmf.ptr - 1) / sizeof(void *)) : -1;
#endif
}

/* A std::unique_ptr taken by value arrives as a pointer to the caller's temporary. */
void DropTask(void *, std::unique_ptr<v8::Task> *task) { task->reset(); }
void DropDelayedTask(void *, std::unique_ptr<v8::Task> *task, double) { task->reset(); }

/* Writes one vtable entry (in this process only: the page is copied on write). */
bool PatchEntry(void **vtbl, long index, void *fn) {
  if (index < 0) return false;
  if (vtbl[index] == fn) return true;
  uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
  void *start = reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(&vtbl[index]) & ~(page - 1));
  if (mprotect(start, page, PROT_READ | PROT_WRITE) != 0) return false;
  vtbl[index] = fn;
  mprotect(start, page, PROT_READ);
  return true;
}

/* Posts nothing real: tells, by its destructor, that the pool has dealt with it. */
struct Marker : v8::Task {
  sem_t *done;
  explicit Marker(sem_t *d) : done(d) {}
  void Run() override {}
  ~Marker() override { sem_post(done); }
};

int natural_exit_code = 0;

/*
 * process.emit, with no JavaScript frame of its own (stack traces stay
 * Node's): after an 'exit' emission that returned, the code of the natural
 * end is process.exitCode (else 0), as Node reads it then.
 */
void EmitAndNoteExitCode(const v8::FunctionCallbackInfo<v8::Value> &info) {
  v8::Isolate *iso = info.GetIsolate();
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  v8::Local<v8::Object> proto = info.Data().As<v8::Object>();
  v8::Local<v8::Value> emit;
  if (!proto->Get(ctx, v8::String::NewFromUtf8Literal(iso, "emit")).ToLocal(&emit) || !emit->IsFunction()) return;
  std::vector<v8::Local<v8::Value>> args(info.Length());
  for (int i = 0; i < info.Length(); i++) args[i] = info[i];
  v8::Local<v8::Value> result;
  if (!emit.As<v8::Function>()->Call(ctx, info.This(), int(args.size()), args.data()).ToLocal(&result)) return;
  info.GetReturnValue().Set(result);
  if (args.empty() || !args[0]->IsString()) return;
  v8::String::Utf8Value type(iso, args[0]);
  if (strcmp(*type, "exit") != 0) return;
  v8::Local<v8::Value> code;
  natural_exit_code = 0;
  if (info.This()->Get(ctx, v8::String::NewFromUtf8Literal(iso, "exitCode")).ToLocal(&code) && !code->IsNullOrUndefined())
    natural_exit_code = code->Int32Value(ctx).FromMaybe(0);
}

}  // namespace

/* In a freshly forked child, before any JavaScript: 0, or -1 if the pool could not be made safe. */
int prefork_patch_worker_pool(void) {
  v8::Platform *platform = CurrentPlatform();
  if (platform == nullptr) return -1;
  void **vtbl = *reinterpret_cast<void ***>(platform);
  if (!PatchEntry(vtbl, VtableIndex(&v8::Platform::CallOnWorkerThread), reinterpret_cast<void *>(&DropTask)) ||
      !PatchEntry(vtbl, VtableIndex(&v8::Platform::CallDelayedOnWorkerThread), reinterpret_cast<void *>(&DropDelayedTask)))
    return -1;
  /* a task posted now must be gone at once */
  sem_t s;
  sem_init(&s, 0, 0);
  platform->CallOnWorkerThread(std::make_unique<Marker>(&s));
  int ok = sem_trywait(&s) == 0;
  sem_destroy(&s);
  return ok ? 0 : -1;
}

/*
 * Before every fork: returns once the pool has run everything posted before
 * (one thread, first in first out), so that the child starts with nothing
 * outstanding. In a process that is itself a fork the marker is destroyed
 * as it is posted, so this returns at once.
 */
void prefork_quiesce_pool(void) {
  v8::Platform *platform = CurrentPlatform();
  if (platform == nullptr) return;
  sem_t s;
  sem_init(&s, 0, 0);
  platform->CallOnWorkerThread(std::make_unique<Marker>(&s));
  while (sem_wait(&s) != 0) {
  }
  sem_destroy(&s);
}

/*
 * setExitHandler(): in a call, Node's exit ends in prefork_leave(): the exit
 * handler takes process.exit() and fatal exceptions, a cleanup hook (only the
 * natural end runs those) takes the natural end, and process.emit notes the
 * natural end's code.
 */
napi_value prefork_js_set_exit_handler(napi_env env, napi_callback_info info) {
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  node::SetProcessExitHandler(node::GetCurrentEnvironment(ctx), [](node::Environment *, int code) { prefork_leave(code); });
  napi_add_env_cleanup_hook(env, [](void *) { prefork_leave(natural_exit_code); }, nullptr);
  v8::Local<v8::Object> process =
      ctx->Global()->Get(ctx, v8::String::NewFromUtf8Literal(iso, "process")).ToLocalChecked().As<v8::Object>();
  /* process has no emit of its own: the wrapper calls whatever its prototype holds at the time (domain replaces it) */
  v8::Local<v8::Object> proto = process->GetPrototype().As<v8::Object>();
  v8::Local<v8::Function> emit = v8::Function::New(ctx, EmitAndNoteExitCode, proto).ToLocalChecked();
  emit->SetName(v8::String::NewFromUtf8Literal(iso, "emit"));
  process->Set(ctx, v8::String::NewFromUtf8Literal(iso, "emit"), emit).Check();
  return nullptr;
}

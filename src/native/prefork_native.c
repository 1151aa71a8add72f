/*
 * prefork_native: the few system calls Node does not give us.
 *
 * Node has no SCM_RIGHTS on arbitrary sockets, no flock, no dup2, no raw
 * pipe()/socketpair(), no way to put a signal back to SIG_DFL (it ignores
 * SIGPIPE at start-up), and no fork.  Everything here is a thin wrapper:
 * no protocol decisions, no buffering, no retries other than EINTR.
 * Failures throw an Error whose .code is the errno name (ENOENT, ...) and
 * whose .syscall names the call, like Node's own fs errors.
 *
 * All descriptors we create are close-on-exec; child_process.spawn maps
 * the ones a child needs onto fixed numbers, which clears the flag there.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <uv.h>
#include "prefork_native.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <stdint.h>
#include <pthread.h>
#include <termios.h>
#include <spawn.h>
#include <pwd.h>
#include <limits.h>
#include <stdbool.h>
#include <linux/close_range.h>

#define CHECK(call)                                                          \
  do {                                                                       \
    if ((call) != napi_ok) {                                                 \
      napi_throw_error(env, NULL, "prefork_native: N-API call failed: " #call); \
      return NULL;                                                           \
    }                                                                        \
  } while (0)

static napi_value throw_errno(napi_env env, const char *syscall, int err) {
  char msg[256];
  const char *name = strerrorname_np(err);
  if (!name) name = "EUNKNOWN";
  snprintf(msg, sizeof msg, "%s: %s", syscall, strerror(err));
  napi_value jmsg, jerr, jcode, jsys, jerrno;
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &jmsg);
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &jcode);
  napi_create_error(env, jcode, jmsg, &jerr);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &jsys);
  napi_set_named_property(env, jerr, "syscall", jsys);
  napi_create_int32(env, -err, &jerrno);
  napi_set_named_property(env, jerr, "errno", jerrno);
  napi_throw(env, jerr);
  return NULL;
}

static napi_value int_value(napi_env env, int64_t v) {
  napi_value r;
  napi_create_int64(env, v, &r);
  return r;
}

static napi_value undefined_value(napi_env env) {
  napi_value r;
  napi_get_undefined(env, &r);
  return r;
}

/* Reads argument i as an int32; throws TypeError if it is not a number. */
static int arg_int(napi_env env, napi_value *argv, size_t argc, size_t i, int32_t *out) {
  napi_valuetype t;
  if (i >= argc || napi_typeof(env, argv[i], &t) != napi_ok || t != napi_number) {
    napi_throw_type_error(env, NULL, "prefork_native: expected a number argument");
    return 0;
  }
  napi_get_value_int32(env, argv[i], out);
  return 1;
}

/* A file path (TypeError if v is not a string, RangeError if it does not fit buf). */
static int path_value(napi_env env, napi_value v, char *buf, size_t size) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, buf, size, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "prefork_native: expected a path string");
    return 0;
  }
  if (len >= size - 1) { /* it may have been cut */
    napi_throw_range_error(env, "ENAMETOOLONG", "prefork_native: path too long");
    return 0;
  }
  return 1;
}

static int arg_path(napi_env env, napi_value *argv, size_t argc, size_t i,
                    struct sockaddr_un *sun) {
  size_t len = 0;
  memset(sun, 0, sizeof *sun);
  sun->sun_family = AF_UNIX;
  if (i >= argc ||
      napi_get_value_string_utf8(env, argv[i], NULL, 0, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "prefork_native: expected a path string");
    return 0;
  }
  if (len > sizeof sun->sun_path) {
    napi_throw_range_error(env, "ENAMETOOLONG", "socket path too long for sun_path");
    return 0;
  }
  /* A path of exactly 108 bytes is legal and unterminated, as in the C client. */
  char buf[sizeof sun->sun_path + 1];
  napi_get_value_string_utf8(env, argv[i], buf, sizeof buf, &len);
  memcpy(sun->sun_path, buf, len);
  return 1;
}

#define ARGS(n)                                                   \
  size_t argc = n;                                                \
  napi_value argv[n > 0 ? n : 1];                                 \
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL))

static napi_value js_socket_unix(napi_env env, napi_callback_info info) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  return int_value(env, fd);
}

static napi_value js_connect_unix(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t fd;
  struct sockaddr_un sun;
  if (!arg_int(env, argv, argc, 0, &fd) || !arg_path(env, argv, argc, 1, &sun)) return NULL;
  int r;
  do r = connect(fd, (struct sockaddr *)&sun, sizeof sun);
  while (r < 0 && errno == EINTR);
  if (r < 0) return throw_errno(env, "connect", errno);
  return undefined_value(env);
}

static napi_value js_bind_unix(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t fd;
  struct sockaddr_un sun;
  if (!arg_int(env, argv, argc, 0, &fd) || !arg_path(env, argv, argc, 1, &sun)) return NULL;
  if (bind(fd, (struct sockaddr *)&sun, sizeof sun) < 0) return throw_errno(env, "bind", errno);
  return undefined_value(env);
}

static napi_value js_listen(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t fd, backlog;
  if (!arg_int(env, argv, argc, 0, &fd) || !arg_int(env, argv, argc, 1, &backlog)) return NULL;
  if (listen(fd, backlog) < 0) return throw_errno(env, "listen", errno);
  return undefined_value(env);
}

/* Returns the accepted fd (close-on-exec), or throws (EAGAIN on a nonblocking listener). */
static napi_value js_accept(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t fd;
  if (!arg_int(env, argv, argc, 0, &fd)) return NULL;
  int r;
  do r = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
  while (r < 0 && errno == EINTR);
  if (r < 0) return throw_errno(env, "accept", errno);
  return int_value(env, r);
}

static napi_value pair_value(napi_env env, int a, int b) {
  napi_value arr;
  napi_create_array_with_length(env, 2, &arr);
  napi_set_element(env, arr, 0, int_value(env, a));
  napi_set_element(env, arr, 1, int_value(env, b));
  return arr;
}

static napi_value js_socketpair(napi_env env, napi_callback_info info) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    return throw_errno(env, "socketpair", errno);
  return pair_value(env, sv[0], sv[1]);
}

static napi_value js_pipe(napi_env env, napi_callback_info info) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return throw_errno(env, "pipe", errno);
  return pair_value(env, p[0], p[1]);
}

/* One sendmsg of `len` bytes carrying one fd (SCM_RIGHTS): bytes sent, or -1 with errno. */
static ssize_t send_with_fd(int sock, const void *data, size_t len, int fd) {
  struct iovec iov = {.iov_base = (void *)data, .iov_len = len};
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int))];
  } cbuf;
  memset(&cbuf, 0, sizeof cbuf);
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = cbuf.buf;
  msg.msg_controllen = sizeof cbuf.buf;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof fd);
  ssize_t r;
  do r = sendmsg(sock, &msg, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  return r;
}

/* sendFd(sock, fd, byte): one sendmsg carrying one data byte and one fd. */
static napi_value js_send_fd(napi_env env, napi_callback_info info) {
  ARGS(3);
  int32_t sock, payload, byte;
  if (!arg_int(env, argv, argc, 0, &sock) || !arg_int(env, argv, argc, 1, &payload) ||
      !arg_int(env, argv, argc, 2, &byte))
    return NULL;
  char data = (char)byte;
  if (send_with_fd(sock, &data, 1, payload) < 0) return throw_errno(env, "sendmsg", errno);
  return undefined_value(env);
}

/*
 * recvFd(sock): one recvmsg of one byte.  Returns null at EOF, else
 * { byte, fds: [...] } with every fd that arrived (close-on-exec), so that
 * the caller can see (and close) a message that carried none or several.
 */
static napi_value js_recv_fd(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t sock;
  if (!arg_int(env, argv, argc, 0, &sock)) return NULL;
  char data;
  struct iovec iov = {.iov_base = &data, .iov_len = 1};
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int) * 8)];
  } cbuf;
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = cbuf.buf;
  msg.msg_controllen = sizeof cbuf.buf;
  ssize_t r;
  do r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  while (r < 0 && errno == EINTR);
  if (r < 0) return throw_errno(env, "recvmsg", errno);
  napi_value out, fds;
  if (r == 0) {
    napi_get_null(env, &out);
    return out;
  }
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "byte", int_value(env, (unsigned char)data));
  napi_create_array(env, &fds);
  uint32_t n = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; i++) {
      int fd;
      memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
      napi_set_element(env, fds, n++, int_value(env, fd));
    }
  }
  napi_set_named_property(env, out, "fds", fds);
  napi_value trunc;
  napi_get_boolean(env, (msg.msg_flags & MSG_CTRUNC) != 0, &trunc);
  napi_set_named_property(env, out, "truncated", trunc);
  return out;
}

static napi_value js_set_nonblock(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t fd;
  bool on;
  if (!arg_int(env, argv, argc, 0, &fd)) return NULL;
  CHECK(napi_get_value_bool(env, argv[1], &on));
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return throw_errno(env, "fcntl", errno);
  fl = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
  if (fcntl(fd, F_SETFL, fl) < 0) return throw_errno(env, "fcntl", errno);
  return undefined_value(env);
}

static napi_value js_set_cloexec(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t fd;
  bool on;
  if (!arg_int(env, argv, argc, 0, &fd)) return NULL;
  CHECK(napi_get_value_bool(env, argv[1], &on));
  int fl = fcntl(fd, F_GETFD);
  if (fl < 0) return throw_errno(env, "fcntl", errno);
  fl = on ? (fl | FD_CLOEXEC) : (fl & ~FD_CLOEXEC);
  if (fcntl(fd, F_SETFD, fl) < 0) return throw_errno(env, "fcntl", errno);
  return undefined_value(env);
}

/* guessHandle(fd): libuv's kind of descriptor, named as Node's internal guessHandleType names it. */
static napi_value js_guess_handle(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t fd;
  if (!arg_int(env, argv, argc, 0, &fd)) return NULL;
  const char *name;
  switch (uv_guess_handle(fd)) {
    case UV_TCP: name = "TCP"; break;
    case UV_TTY: name = "TTY"; break;
    case UV_UDP: name = "UDP"; break;
    case UV_FILE: name = "FILE"; break;
    case UV_NAMED_PIPE: name = "PIPE"; break;
    default: name = "UNKNOWN";
  }
  napi_value out;
  CHECK(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &out));
  return out;
}

/* fdFlags(fd): the file status flags, fcntl(F_GETFL) (O_PATH among them). */
static napi_value js_fd_flags(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t fd;
  if (!arg_int(env, argv, argc, 0, &fd)) return NULL;
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return throw_errno(env, "fcntl", errno);
  return int_value(env, fl);
}

/* isCloexec(fd): whether fd is close-on-exec (F_GETFD). */
static napi_value js_is_cloexec(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t fd;
  if (!arg_int(env, argv, argc, 0, &fd)) return NULL;
  int fl = fcntl(fd, F_GETFD);
  if (fl < 0) return throw_errno(env, "fcntl", errno);
  napi_value v;
  CHECK(napi_get_boolean(env, (fl & FD_CLOEXEC) != 0, &v));
  return v;
}

/* flock(fd, exclusive, wait): returns true if locked, false if wait=false and busy. */
static napi_value js_flock(napi_env env, napi_callback_info info) {
  ARGS(3);
  int32_t fd;
  bool excl, wait;
  if (!arg_int(env, argv, argc, 0, &fd)) return NULL;
  CHECK(napi_get_value_bool(env, argv[1], &excl));
  CHECK(napi_get_value_bool(env, argv[2], &wait));
  int op = (excl ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB);
  int r;
  do r = flock(fd, op);
  while (r < 0 && errno == EINTR);
  napi_value b;
  if (r < 0) {
    if (!wait && errno == EWOULDBLOCK) {
      napi_get_boolean(env, false, &b);
      return b;
    }
    return throw_errno(env, "flock", errno);
  }
  napi_get_boolean(env, true, &b);
  return b;
}

static napi_value js_dup2(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t a, b;
  if (!arg_int(env, argv, argc, 0, &a) || !arg_int(env, argv, argc, 1, &b)) return NULL;
  int r;
  do r = dup2(a, b);
  while (r < 0 && errno == EINTR);
  if (r < 0) return throw_errno(env, "dup2", errno);
  return int_value(env, r);
}

/* The raw struct utsname, because the ident hash covers its exact bytes. */
static napi_value js_uname(napi_env env, napi_callback_info info) {
  struct utsname uts;
  memset(&uts, 0, sizeof uts);
  if (uname(&uts) < 0) return throw_errno(env, "uname", errno);
  void *data;
  napi_value buf;
  CHECK(napi_create_buffer_copy(env, sizeof uts, &uts, &data, &buf));
  return buf;
}

static napi_value js_strsignal(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t sig;
  if (!arg_int(env, argv, argc, 0, &sig)) return NULL;
  const char *s = strsignal(sig);
  napi_value r;
  napi_create_string_utf8(env, s ? s : "unknown signal", NAPI_AUTO_LENGTH, &r);
  return r;
}

/* glibc's text for an errno (Node's own messages are libuv's, worded differently). */
static napi_value js_strerror(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t e;
  if (!arg_int(env, argv, argc, 0, &e)) return NULL;
  napi_value r;
  napi_create_string_utf8(env, strerror(e < 0 ? -e : e), NAPI_AUTO_LENGTH, &r);
  return r;
}

/* sig's disposition becomes handler (SIG_DFL, SIG_IGN or a function), with flags; what it was goes to before, if given. */
static int set_disposition(int sig, void (*handler)(int), int flags, struct sigaction *before) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, before);
}

/* SIG_DFL and unblocked. */
static int reset_signal(int sig) {
  if (set_disposition(sig, SIG_DFL, 0, NULL) < 0) return -1;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  return sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Puts sig back to SIG_DFL, unblocks it and raises it: how a client dies "of the same signal". */
static napi_value js_raise_default(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t sig;
  if (!arg_int(env, argv, argc, 0, &sig)) return NULL;
  /* SIGKILL and SIGSTOP have no handler to reset (sigaction says EINVAL). */
  if (sig != SIGKILL && sig != SIGSTOP && reset_signal(sig) < 0) return throw_errno(env, "sigaction", errno);
  raise(sig);
  return undefined_value(env);
}

static napi_value js_kill(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t pid, sig;
  if (!arg_int(env, argv, argc, 0, &pid) || !arg_int(env, argv, argc, 1, &sig)) return NULL;
  if (kill(pid, sig) < 0) return throw_errno(env, "kill", errno);
  return undefined_value(env);
}

static napi_value js_getpid(napi_env env, napi_callback_info info) {
  return int_value(env, getpid());
}

static napi_value js_getppid(napi_env env, napi_callback_info info) {
  return int_value(env, getppid());
}

static napi_value js_setsid(napi_env env, napi_callback_info info) {
  pid_t r = setsid();
  if (r < 0) return throw_errno(env, "setsid", errno);
  return int_value(env, r);
}

static napi_value js_setpgid(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t pid, pgid;
  if (!arg_int(env, argv, argc, 0, &pid) || !arg_int(env, argv, argc, 1, &pgid)) return NULL;
  if (setpgid(pid, pgid) < 0) return throw_errno(env, "setpgid", errno);
  return undefined_value(env);
}

/* waitpid(pid, nohang): null if nohang and nothing to reap, else { pid, status } (raw). */
static napi_value js_waitpid(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t pid;
  bool nohang;
  if (!arg_int(env, argv, argc, 0, &pid)) return NULL;
  CHECK(napi_get_value_bool(env, argv[1], &nohang));
  int status = 0;
  pid_t r;
  do r = waitpid(pid, &status, nohang ? WNOHANG : 0);
  while (r < 0 && errno == EINTR);
  if (r < 0) return throw_errno(env, "waitpid", errno);
  napi_value out;
  if (r == 0) {
    napi_get_null(env, &out);
    return out;
  }
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "pid", int_value(env, r));
  napi_set_named_property(env, out, "status", int_value(env, status));
  return out;
}

static napi_value js_exit_now(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t code;
  if (!arg_int(env, argv, argc, 0, &code)) return NULL;
  _exit(code);
}

/*
 * V8 marks its heap MADV_DONTFORK; a child forked without undoing that has
 * no JS heap and dies at its first statement.  Undo it on every private
 * anonymous mapping before fork.
 */
static char maps_buf[1 << 20];

static int madvise_dofork_all(void) {
  /* One big read: /proc/self/maps is generated per read call, so fewer calls is faster. */
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  size_t len = 0;
  for (;;) {
    ssize_t r = read(fd, maps_buf + len, sizeof maps_buf - 1 - len);
    if (r < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      return -e;
    }
    if (r == 0 || len + r >= sizeof maps_buf - 1) {
      len += r;
      break;
    }
    len += r;
  }
  close(fd);
  maps_buf[len] = 0;
  int err = 0;
  for (char *line = maps_buf; line && *line;) {
    char *next = strchr(line, '\n');
    if (next) *next++ = 0;
    unsigned long lo, hi, off, ino;
    char perms[8], dev[16];
    int n = 0;
    if (sscanf(line, "%lx-%lx %7s %lx %15s %lu %n", &lo, &hi, perms, &off, dev, &ino, &n) >= 6 &&
        perms[3] == 'p' && ino == 0) {
      const char *name = line + n;
      /* [vsyscall]/[vvar]/[vdso] cannot be advised; plain anonymous and [heap]/[stack] can. */
      if (!(name[0] == '[' && strncmp(name, "[heap]", 6) && strncmp(name, "[stack]", 7))) {
        if (madvise((void *)lo, hi - lo, MADV_DOFORK) < 0 && errno != EINVAL && errno != ENOMEM) err = -errno;
      }
    }
    line = next;
  }
  return err;
}

/*
 * fork(2) of a Node process whose heap madvise_dofork_all() has made
 * forkable: in the child the libuv loop gets its own epoll instance
 * (uv_loop_fork) before any JS runs.
 */
/*
 * The server learns of its children's ends (and of orphans the kernel gives
 * it as their subreaper) by a byte on a pipe, written by its SIGCHLD
 * handler: its loop is poll(2), not libuv.  A forked child must not keep
 * the handler: libuv (child_process in a call) believes its own is there.
 */
static int sigchld_pipe[2] = {-1, -1};
static struct sigaction sigchld_before;

static void sigchld_handler(int sig) {
  (void)sig;
  int e = errno;
  /* non-blocking: a full pipe already says "reap" */
  ssize_t r = write(sigchld_pipe[1], "c", 1);
  (void)r;
  errno = e;
}

/* In a forked child: SIGCHLD as it was before sigchldPipe(), and the pipe's write end closed. */
static void sigchld_forget(void) {
  if (sigchld_pipe[1] < 0) return;
  sigaction(SIGCHLD, &sigchld_before, NULL);
  close(sigchld_pipe[1]);
  sigchld_pipe[1] = -1;
}

/* sigchldPipe(): the read end of a pipe that becomes readable at each SIGCHLD. */
static napi_value js_sigchld_pipe(napi_env env, napi_callback_info info) {
  if (sigchld_pipe[0] >= 0) return int_value(env, sigchld_pipe[0]);
  if (pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK) < 0) return throw_errno(env, "pipe2", errno);
  if (set_disposition(SIGCHLD, sigchld_handler, SA_RESTART | SA_NOCLDSTOP, &sigchld_before) < 0) {
    int e = errno;
    close(sigchld_pipe[0]);
    close(sigchld_pipe[1]);
    sigchld_pipe[0] = sigchld_pipe[1] = -1;
    return throw_errno(env, "sigaction", e);
  }
  return int_value(env, sigchld_pipe[0]);
}

/*
 * The client's relayed signals, caught here rather than by the runtime: a
 * handler that writes the signal's number to a pipe, and blocked but while
 * the client waits for its status and for them in one ppoll(2) (poll's
 * withCaught), as the C client waits in its read: no thread, no event
 * loop.  What each signal did
 * before the first catch is kept, to be put back on release (default, or
 * ignored as our caller had it: nohup).
 */
static int caught_pipe[2] = {-1, -1};
static struct sigaction caught_before[NSIG];
static bool caught_saved[NSIG];
/* how many SIGCONTs the handler has caught (stopUnlessContinued) */
static volatile sig_atomic_t conts_caught;
/* the caught ones, blocked in the catching thread but while it waits for them */
static sigset_t caught_set;

static void caught_handler(int sig) {
  int e = errno;
  if (sig == SIGCONT) conts_caught++;
  unsigned char b = (unsigned char)sig;
  /* non-blocking: with 64 kB of signals unread, one more changes nothing */
  ssize_t r = write(caught_pipe[1], &b, 1);
  (void)r;
  errno = e;
}

/* Reads a JS array of signal numbers (1..NSIG-1, at most max) into out: the count, or -1 having thrown. */
static int signal_list(napi_env env, napi_value v, int *out, int max) {
  uint32_t n = 0;
  if (napi_get_array_length(env, v, &n) != napi_ok || n > (uint32_t)max) {
    napi_throw_type_error(env, NULL, "prefork_native: expected an array of signal numbers");
    return -1;
  }
  for (uint32_t i = 0; i < n; i++) {
    napi_value x;
    int32_t sig = 0;
    napi_get_element(env, v, i, &x);
    if (napi_get_value_int32(env, x, &sig) != napi_ok || sig < 1 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP) {
      napi_throw_range_error(env, NULL, "prefork_native: not a signal that can be caught");
      return -1;
    }
    out[i] = sig;
  }
  return (int)n;
}

/*
 * catchSignals(signals): each is caught from now on.  Returns { fd, ignored }:
 * the pipe's read end (readable while caught signals wait: takeCaught), and
 * those that were ignored before their first catch.
 */
static napi_value js_catch_signals(napi_env env, napi_callback_info info) {
  ARGS(1);
  int sigs[NSIG];
  int n = signal_list(env, argv[0], sigs, NSIG);
  if (n < 0) return NULL;
  if (caught_pipe[0] < 0 && pipe2(caught_pipe, O_CLOEXEC | O_NONBLOCK) < 0) return throw_errno(env, "pipe2", errno);
  napi_value ignored;
  napi_create_array(env, &ignored);
  uint32_t k = 0;
  for (int i = 0; i < n; i++) {
    int sig = sigs[i];
    struct sigaction before;
    if (set_disposition(sig, caught_handler, SA_RESTART, &before) < 0) return throw_errno(env, "sigaction", errno);
    if (!caught_saved[sig]) {
      caught_before[sig] = before;
      caught_saved[sig] = true;
    }
    if (caught_before[sig].sa_handler == SIG_IGN) napi_set_element(env, ignored, k++, int_value(env, sig));
    sigaddset(&caught_set, sig);
  }
  /*
   * Blocked in this thread, but while it waits for them (poll's last
   * argument), and so in every thread it starts from now on: each comes to
   * this thread, in the kernel's order, and while it is pending a SIGCONT
   * discards a pending Ctrl-Z, as for any process.  (Handled on whichever
   * thread, the order in the pipe was the handlers', not the kernel's: a
   * Ctrl-Z taken late on another thread came after the SIGCONT that
   * followed it, and stopped us for good.)
   */
  pthread_sigmask(SIG_BLOCK, &caught_set, NULL);
  napi_value out;
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "fd", int_value(env, caught_pipe[0]));
  napi_set_named_property(env, out, "ignored", ignored);
  return out;
}

/* The signals caught since last taken, in the order they came, as a JS array; *cont: whether SIGCONT is among them. */
static napi_value take_caught(napi_env env, bool *cont) {
  napi_value out;
  napi_create_array(env, &out);
  if (caught_pipe[0] < 0) return out;
  unsigned char buf[256];
  uint32_t k = 0;
  for (;;) {
    ssize_t r = read(caught_pipe[0], buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    for (ssize_t i = 0; i < r; i++) {
      if (cont && buf[i] == SIGCONT) *cont = true;
      napi_set_element(env, out, k++, int_value(env, buf[i]));
    }
  }
  return out;
}

/* takeCaught(): the signals caught since it was last asked, in the order they came. */
static napi_value js_take_caught(napi_env env, napi_callback_info info) {
  return take_caught(env, NULL);
}

#define CONT_COUNTED_WITHIN_MS 100

/* whether a SIGCONT has come since the count was conts: pending here, or counted by the handler */
static bool continued_since(sig_atomic_t conts) {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGCONT) || conts_caught != conts;
}

/*
 * stopUnlessContinued(sig): Ctrl-Z, caught and relayed: stop as sig's
 * default action stops a plain run, unless a SIGCONT has come since.  A
 * SIGCONT continues a stopped process when it is sent, so one that came
 * while we still ran has done its part already, and stopping now would be
 * for good.  The caught signals are blocked here (catchSignals): a SIGCONT
 * that came is in the pipe or pending, and one that comes once sig is
 * raised discards it (the kernel's own rule for a pending stop signal).
 * Returns { taken, ignored }: what it took from the pipe (to be relayed in
 * order), and whether the kernel ignored the stop (a process group with no
 * parent outside it in its session, "orphaned", is not stopped by a Ctrl-Z,
 * as a plain run there is not); sig is caught again when it returns.
 */
static napi_value js_stop_unless_continued(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t sig;
  if (!arg_int(env, argv, argc, 0, &sig)) return NULL;
  if (sig < 1 || sig >= NSIG || !caught_saved[sig]) {
    napi_throw_range_error(env, NULL, "prefork_native: stopUnlessContinued needs a signal caught by catchSignals");
    return NULL;
  }
  sigset_t one, before;
  sigemptyset(&one);
  sigaddset(&one, sig);
  pthread_sigmask(SIG_BLOCK, &one, &before); /* (catchSignals has, in the thread that caught it) */
  sig_atomic_t conts = conts_caught; /* (a thread started before the catch may still take one) */
  bool continued = false;
  napi_value taken = take_caught(env, &continued);
  bool ignored = false;
  if (!continued && !continued_since(conts)) {
    set_disposition(sig, SIG_DFL, 0, NULL);
    /* not raise(): glibc's blocks every signal around it */
    syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), sig);
    if (conts_caught == conts) {
      pthread_sigmask(SIG_UNBLOCK, &one, NULL); /* here we stop, unless a SIGCONT discarded it */
      pthread_sigmask(SIG_BLOCK, &one, NULL);
      /*
       * Stopped and continued, or the stop discarded before it: either way
       * by a SIGCONT, pending now or caught by a thread of before; none
       * means the kernel ignored the stop.  That thread may have taken it
       * and not yet counted it (a busy machine): a while is given for
       * that.  One counted later costs the call one SIGCONT more, never a
       * stop for good.  (Our own sleep told it too, but not when the
       * SIGCONT came before the kernel switched away, and it may sleep for
       * other reasons: measured by the reviews.)
       */
      ignored = !continued_since(conts);
      struct timespec ms = {0, 1000000};
      for (int i = 0; ignored && i < CONT_COUNTED_WITHIN_MS; i++) {
        nanosleep(&ms, NULL);
        ignored = !continued_since(conts);
      }
    } else {
      struct timespec now = {0, 0};
      sigtimedwait(&one, NULL, &now);
    }
  }
  set_disposition(sig, caught_handler, SA_RESTART, NULL);
  pthread_sigmask(SIG_SETMASK, &before, NULL);
  napi_value out, flag;
  napi_create_object(env, &out);
  napi_get_boolean(env, ignored, &flag);
  napi_set_named_property(env, out, "taken", taken);
  napi_set_named_property(env, out, "ignored", flag);
  return out;
}

/* releaseSignals(signals): each does again what it did before its first catch. */
static napi_value js_release_signals(napi_env env, napi_callback_info info) {
  ARGS(1);
  int sigs[NSIG];
  int n = signal_list(env, argv[0], sigs, NSIG);
  if (n < 0) return NULL;
  sigset_t released;
  sigemptyset(&released);
  for (int i = 0; i < n; i++) {
    int sig = sigs[i];
    if (!caught_saved[sig]) continue;
    if (sigaction(sig, &caught_before[sig], NULL) < 0) return throw_errno(env, "sigaction", errno);
    caught_saved[sig] = false;
    sigdelset(&caught_set, sig);
    sigaddset(&released, sig);
  }
  /* one that came meanwhile, pending, now meets what it did before */
  pthread_sigmask(SIG_UNBLOCK, &released, NULL);
  return undefined_value(env);
}

/* handler (SIG_IGN or SIG_DFL) for each signal of the JS array argument. */
static napi_value set_each(napi_env env, napi_callback_info info, void (*handler)(int)) {
  ARGS(1);
  int sigs[NSIG];
  int n = signal_list(env, argv[0], sigs, NSIG);
  if (n < 0) return NULL;
  for (int i = 0; i < n; i++)
    if (set_disposition(sigs[i], handler, 0, NULL) < 0) return throw_errno(env, "sigaction", errno);
  return undefined_value(env);
}

/* ignoreSignals(signals): SIG_IGN for each (what the runtime has no way to set). */
static napi_value js_ignore_signals(napi_env env, napi_callback_info info) {
  return set_each(env, info, SIG_IGN);
}

/* defaultSignals(signals): SIG_DFL for each (a runtime's own handler set aside). */
static napi_value js_default_signals(napi_env env, napi_callback_info info) {
  return set_each(env, info, SIG_DFL);
}

/*
 * becomeSubreaper(): orphans among our descendants become our children
 * rather than init's, so that a call whose zygote died is still ours to
 * reap, with its real status.
 */
static napi_value js_become_subreaper(napi_env env, napi_callback_info info) {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) return throw_errno(env, "prctl", errno);
  return undefined_value(env);
}

/*
 * cloexecFrom(fd): every descriptor from fd up becomes close-on-exec, so
 * that descriptors a caller left open reach no process we start (those
 * we mean to pass are mapped by spawn, or marked again by the caller).
 */
static napi_value js_cloexec_from(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t from;
  if (!arg_int(env, argv, argc, 0, &from)) return NULL;
  if (syscall(SYS_close_range, (unsigned)from, ~0U, CLOSE_RANGE_CLOEXEC) < 0) return throw_errno(env, "close_range", errno);
  return undefined_value(env);
}

static pid_t fork_node(uv_loop_t *loop) {
  /* nothing may be left in V8's worker pool: the child has no pool thread to run it */
  prefork_quiesce_pool();
  pid_t pid = fork();
  if (pid == 0) {
    sigchld_forget();
    /* never a hang instead: without it a Worker, or the loop's end, would wait for the lost pool */
    if (prefork_patch_worker_pool() != 0) {
      fprintf(stderr, "prefork-interp: cannot make V8's worker pool safe in a forked process (unexpected platform layout)\n");
      _exit(127);
    }
    int ur = uv_loop_fork(loop);
    if (ur < 0) {
      fprintf(stderr, "prefork-interp: uv_loop_fork in child: %s\n", uv_strerror(ur));
      _exit(127);
    }
  }
  return pid;
}

/* fork(): the child's pid in the parent, 0 in the child. */
static napi_value js_fork(napi_env env, napi_callback_info info) {
  uv_loop_t *loop = NULL;
  CHECK(napi_get_uv_event_loop(env, &loop));
  int r = madvise_dofork_all();
  if (r < 0) return throw_errno(env, "madvise", -r);
  pid_t pid = fork_node(loop);
  if (pid < 0) return throw_errno(env, "fork", errno);
  return int_value(env, pid);
}

/*
 * poll(fds, events, timeoutMs, withCaught): blocking poll(2) on raw
 * descriptors, for the server's loop (which never returns to libuv while
 * it serves) and the client's wait for its status.  withCaught: with the
 * signals of catchSignals unblocked while it waits (ppoll), so that they
 * come here and then only; one that came ends the wait (it is in the pipe).
 * Returns an array of revents, one per fd.
 */
static napi_value js_poll(napi_env env, napi_callback_info info) {
  ARGS(4);
  uint32_t n = 0, m = 0;
  CHECK(napi_get_array_length(env, argv[0], &n));
  CHECK(napi_get_array_length(env, argv[1], &m));
  int32_t timeout;
  if (!arg_int(env, argv, argc, 2, &timeout)) return NULL;
  if (m != n || n > 4096) {
    napi_throw_range_error(env, NULL, "poll: fds and events must have the same length (<= 4096)");
    return NULL;
  }
  struct pollfd *p = calloc(n ? n : 1, sizeof *p);
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    int32_t fd = -1, events = 0;
    napi_get_element(env, argv[0], i, &v);
    napi_status a = napi_get_value_int32(env, v, &fd);
    napi_get_element(env, argv[1], i, &v);
    napi_status b = napi_get_value_int32(env, v, &events);
    if (a != napi_ok || b != napi_ok) {
      free(p);
      napi_throw_type_error(env, NULL, "poll: fds and events must be numbers");
      return NULL;
    }
    p[i].fd = fd;
    p[i].events = (short)events;
  }
  bool with_caught = false;
  if (argc > 3) napi_get_value_bool(env, argv[3], &with_caught); /* (not a boolean: false) */
  /* (only then: the server's loop polls on every turn) */
  sigset_t during;
  if (with_caught) {
    pthread_sigmask(SIG_SETMASK, NULL, &during);
    for (int sig = 1; sig < NSIG; sig++)
      if (sigismember(&caught_set, sig)) sigdelset(&during, sig);
  }
  struct timespec ts = {timeout / 1000, (long)(timeout % 1000) * 1000000L};
  int r;
  do r = with_caught ? ppoll(p, n, timeout < 0 ? NULL : &ts, &during) : poll(p, n, timeout);
  while (r < 0 && errno == EINTR && !with_caught);
  if (r < 0 && errno == EINTR) r = 0; /* a caught one came: it is in the pipe, readable */
  if (r < 0) {
    int e = errno;
    free(p);
    return throw_errno(env, "poll", e);
  }
  napi_value out;
  napi_create_array_with_length(env, n, &out);
  for (uint32_t i = 0; i < n; i++) napi_set_element(env, out, i, int_value(env, p[i].revents));
  free(p);
  return out;
}

/* pidfd_open(2): close-on-exec by itself. */
static int pidfd_open_(pid_t pid) {
  return (int)syscall(SYS_pidfd_open, pid, 0);
}

/*
 * A Buffer's bytes exactly, or a string's UTF-8: argv and environment travel
 * as bytes (Node would decode them as UTF-8 and lose what is not).
 * NUL-terminated, malloc'd; NULL (with a TypeError thrown) for anything else.
 */
static char *dup_bytes(napi_env env, napi_value v) {
  bool isbuf = false;
  napi_is_buffer(env, v, &isbuf);
  size_t len;
  if (isbuf) {
    void *data;
    napi_get_buffer_info(env, v, &data, &len);
    char *s = malloc(len + 1);
    if (!s) {
      throw_errno(env, "malloc", ENOMEM);
      return NULL;
    }
    memcpy(s, data, len);
    s[len] = 0;
    return s;
  }
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "prefork_native: expected a string or a Buffer");
    return NULL;
  }
  char *s = malloc(len + 1);
  if (!s) {
    throw_errno(env, "malloc", ENOMEM);
    return NULL;
  }
  napi_get_value_string_utf8(env, v, s, len + 1, &len);
  return s;
}

static void free_strings(char **a) {
  if (!a) return;
  for (char **p = a; *p; p++) free(*p);
  free(a);
}

/* An array of strings or Buffers as a NULL-terminated char *[]; NULL (thrown) on a bad element. */
static char **dup_bytes_array(napi_env env, napi_value arr) {
  uint32_t n;
  if (napi_get_array_length(env, arr, &n) != napi_ok) {
    napi_throw_type_error(env, NULL, "prefork_native: expected an array");
    return NULL;
  }
  char **a = calloc(n + 1, sizeof *a);
  if (!a) {
    throw_errno(env, "calloc", ENOMEM);
    return NULL;
  }
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    napi_get_element(env, arr, i, &v);
    if (!(a[i] = dup_bytes(env, v))) {
      free_strings(a);
      return NULL;
    }
  }
  return a;
}

/* execv(path, argv): replaces the process image; returns only by throwing. */
static napi_value js_execv(napi_env env, napi_callback_info info) {
  ARGS(2);
  char *path = dup_bytes(env, argv[0]);
  if (!path) return NULL;
  char **av = dup_bytes_array(env, argv[1]);
  if (!av) {
    free(path);
    return NULL;
  }
  execv(path, av);
  int e = errno;
  free_strings(av);
  free(path);
  return throw_errno(env, "execv", e);
}

/*
 * spawn(file, argv, env, fds): posix_spawnp with exactly these argv and
 * environment bytes (child_process passes only UTF-8); descriptor i of the
 * child is fds[i] (-1: /dev/null, read-only as 0, else read-write), every
 * other descriptor is left to its close-on-exec flag, and every signal is
 * at its default and unblocked, as libuv's spawn leaves them. The pid, or
 * a throw (ENOENT: not found).
 */
#define SPAWN_MAX_FDS 16
static napi_value js_spawn(napi_env env, napi_callback_info info) {
  ARGS(5);
  /* options (optional): { setsid: a session of its own, cwd: where it starts } */
  bool setsid_ = false;
  char cwd[PATH_MAX] = "";
  if (argc > 4) {
    napi_valuetype t;
    CHECK(napi_typeof(env, argv[4], &t));
    if (t == napi_object) {
      napi_value v;
      bool has;
      CHECK(napi_has_named_property(env, argv[4], "setsid", &has));
      if (has) {
        CHECK(napi_get_named_property(env, argv[4], "setsid", &v));
        CHECK(napi_get_value_bool(env, v, &setsid_));
      }
      CHECK(napi_has_named_property(env, argv[4], "cwd", &has));
      if (has) {
        CHECK(napi_get_named_property(env, argv[4], "cwd", &v));
        if (!path_value(env, v, cwd, sizeof cwd)) return NULL;
      }
    }
  }
  uint32_t nfd;
  CHECK(napi_get_array_length(env, argv[3], &nfd));
  if (nfd > SPAWN_MAX_FDS) {
    napi_throw_range_error(env, NULL, "spawn: too many descriptors");
    return NULL;
  }
  char *file = dup_bytes(env, argv[0]);
  char **av = file ? dup_bytes_array(env, argv[1]) : NULL;
  char **ev = av ? dup_bytes_array(env, argv[2]) : NULL;
  if (!ev) {
    free(file);
    free_strings(av);
    return NULL;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  /* Sources first copied above every target, so that no dup2 overwrites a later source. */
  int tmp[SPAWN_MAX_FDS];
  int err = 0;
  uint32_t made = 0;
  for (; made < nfd && !err; made++) {
    napi_value v;
    int32_t src = -1;
    tmp[made] = -1;
    if (napi_get_element(env, argv[3], made, &v) != napi_ok || napi_get_value_int32(env, v, &src) != napi_ok) {
      err = EINVAL; /* not a descriptor number */
    } else if (src < 0) {
      err = posix_spawn_file_actions_addopen(&fa, (int)made, "/dev/null", made == 0 ? O_RDONLY : O_RDWR, 0);
    } else if ((tmp[made] = fcntl(src, F_DUPFD_CLOEXEC, (int)nfd)) < 0) {
      err = errno;
    } else {
      err = posix_spawn_file_actions_adddup2(&fa, tmp[made], (int)made);
    }
  }
  posix_spawnattr_t at;
  posix_spawnattr_init(&at);
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&at, &all);
  posix_spawnattr_setsigmask(&at, &none);
  posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (setsid_ ? POSIX_SPAWN_SETSID : 0));
  if (!err && cwd[0]) err = posix_spawn_file_actions_addchdir_np(&fa, cwd);
  pid_t pid = -1;
  if (!err) err = posix_spawnp(&pid, file, &fa, &at, av, ev);
  for (uint32_t i = 0; i < made; i++)
    if (tmp[i] >= 0) close(tmp[i]);
  posix_spawnattr_destroy(&at);
  posix_spawn_file_actions_destroy(&fa);
  free(file);
  free_strings(av);
  free_strings(ev);
  if (err) return throw_errno(env, "posix_spawn", err);
  return int_value(env, pid);
}

/*
 * replaceEnv(["NAME=value", ...]): the process environment becomes exactly
 * these (strings or Buffers of bytes), in one call (process.env is a view of
 * it). Faster than deleting and setting each variable through process.env,
 * which a call does on every run.
 */
static napi_value js_replace_env(napi_env env, napi_callback_info info) {
  ARGS(1);
  char **entries = dup_bytes_array(env, argv[0]);
  if (!entries) return NULL;
  if (clearenv() != 0) {
    int e = errno;
    free_strings(entries);
    return throw_errno(env, "clearenv", e);
  }
  for (char **p = entries; *p; p++) {
    char *eq = strchr(*p, '=');
    if (eq && eq != *p) {
      *eq = 0;
      setenv(*p, eq + 1, 1);
    }
  }
  free_strings(entries);
  return undefined_value(env);
}

/*
 * SO_PEERCRED of the socket in argument 0: for an accepted connection, the
 * caller; for a connection we made, whoever listen()ed. false (thrown) on failure.
 */
static bool peer_cred(napi_env env, napi_callback_info info, struct ucred *cred) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || !arg_int(env, argv, argc, 0, &fd)) return false;
  socklen_t len = sizeof *cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, &len) < 0) {
    throw_errno(env, "getsockopt", errno);
    return false;
  }
  return true;
}

static napi_value js_peer_pid(napi_env env, napi_callback_info info) {
  struct ucred cred;
  return peer_cred(env, info, &cred) ? int_value(env, cred.pid) : NULL;
}

static napi_value js_peer_uid(napi_env env, napi_callback_info info) {
  struct ucred cred;
  return peer_cred(env, info, &cred) ? int_value(env, cred.uid) : NULL;
}

/*
 * mtimes(paths): each path's modification time in ns since the epoch (a
 * BigInt), or null where stat(2) fails.  One call for the whole list: the
 * server checks every loaded module at every accept, and fs.statSync costs
 * ten times as much per file.
 */
static napi_value js_mtimes(napi_env env, napi_callback_info info) {
  ARGS(1);
  uint32_t n = 0;
  CHECK(napi_get_array_length(env, argv[0], &n));
  napi_value out;
  CHECK(napi_create_array_with_length(env, n, &out));
  char path[PATH_MAX];
  for (uint32_t i = 0; i < n; i++) {
    napi_value item, v;
    CHECK(napi_get_element(env, argv[0], i, &item));
    if (!path_value(env, item, path, sizeof path)) return NULL;
    struct stat st;
    if (stat(path, &st) == 0)
      napi_create_bigint_int64(env, (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec, &v);
    else
      napi_get_null(env, &v);
    napi_set_element(env, out, i, v);
  }
  return out;
}

/*
 * The few file calls of the client's way to its connect (and its socket's
 * reads and writes). The runtime's fs has them, but in the compiled client
 * loading bun's node:fs costs ~0.6 ms, a tenth of the C client's whole warm
 * call, so the warm path does not load it.
 */

/* A whole file (the /proc files have no size to ask for beforehand). */
static napi_value js_read_file(napi_env env, napi_callback_info info) {
  ARGS(1);
  char path[PATH_MAX];
  if (!path_value(env, argv[0], path, sizeof path)) return NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return throw_errno(env, "open", errno);
  size_t cap = 4096, len = 0;
  char *data = malloc(cap);
  int err = data ? 0 : ENOMEM;
  while (!err) {
    if (len == cap) {
      char *more = realloc(data, cap * 2);
      if (!more) { err = ENOMEM; break; }
      data = more;
      cap *= 2;
    }
    ssize_t n = read(fd, data + len, cap - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    else if (n == 0) break;
    else len += (size_t)n;
  }
  close(fd);
  if (err) {
    free(data);
    return throw_errno(env, "read", err);
  }
  void *copy;
  napi_value buf;
  napi_status s = napi_create_buffer_copy(env, len, data, &copy, &buf);
  free(data);
  CHECK(s);
  return buf;
}

/* stat (follow) or lstat: {dev, ino (bigints), mode, uid}, or null when there is no such file. */
static napi_value js_stat(napi_env env, napi_callback_info info) {
  ARGS(2);
  char path[PATH_MAX];
  if (!path_value(env, argv[0], path, sizeof path)) return NULL;
  bool follow = true;
  if (argc > 1) CHECK(napi_get_value_bool(env, argv[1], &follow));
  struct stat st;
  if ((follow ? stat(path, &st) : lstat(path, &st)) < 0) {
    if (errno != ENOENT) return throw_errno(env, follow ? "stat" : "lstat", errno);
    napi_value none;
    CHECK(napi_get_null(env, &none));
    return none;
  }
  napi_value o, dev, ino, mode, uid;
  CHECK(napi_create_object(env, &o));
  CHECK(napi_create_bigint_uint64(env, (uint64_t)st.st_dev, &dev));
  CHECK(napi_create_bigint_uint64(env, (uint64_t)st.st_ino, &ino));
  CHECK(napi_create_uint32(env, st.st_mode, &mode));
  CHECK(napi_create_uint32(env, st.st_uid, &uid));
  CHECK(napi_set_named_property(env, o, "dev", dev));
  CHECK(napi_set_named_property(env, o, "ino", ino));
  CHECK(napi_set_named_property(env, o, "mode", mode));
  CHECK(napi_set_named_property(env, o, "uid", uid));
  return o;
}

/* Our passwd entry's home directory (the C client's fallback run directory; not $HOME). */
static napi_value js_home_dir(napi_env env, napi_callback_info info) {
  struct passwd pw, *found = NULL;
  char buf[16384];
  int r = getpwuid_r(getuid(), &pw, buf, sizeof buf, &found);
  if (r != 0) return throw_errno(env, "getpwuid_r", r);
  if (!found) return throw_errno(env, "getpwuid_r", ENOENT);
  napi_value home;
  CHECK(napi_create_string_utf8(env, pw.pw_dir, NAPI_AUTO_LENGTH, &home));
  return home;
}

/* The bytes [off, off+len) of a Uint8Array (a Buffer is one). */
static int arg_span(napi_env env, napi_value v, int32_t off, int32_t len, char **out) {
  napi_typedarray_type type;
  size_t size = 0;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, &size, &data, NULL, NULL) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "prefork_native: expected a Uint8Array");
    return 0;
  }
  if (off < 0 || len < 0 || (size_t)off + (size_t)len > size) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "prefork_native: beyond the end of the buffer");
    return 0;
  }
  *out = (char *)data + off;
  return 1;
}

/* (fd, buf, off, len), as read and write take them. */
static int fd_span_args(napi_env env, napi_callback_info info, int32_t *fd, char **data, int32_t *len) {
  size_t argc = 4;
  napi_value argv[4];
  int32_t off;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, NULL, "prefork_native: N-API call failed: napi_get_cb_info");
    return 0;
  }
  return arg_int(env, argv, argc, 0, fd) && arg_int(env, argv, argc, 2, &off) && arg_int(env, argv, argc, 3, len) &&
         arg_span(env, argv[1], off, *len, data);
}

/* read(2) into buf at off, at most len bytes: the count, 0 at end of file. */
static napi_value js_read(napi_env env, napi_callback_info info) {
  int32_t fd, len;
  char *data;
  if (!fd_span_args(env, info, &fd, &data, &len)) return NULL;
  ssize_t n = read(fd, data, (size_t)len);
  if (n < 0) return throw_errno(env, "read", errno);
  return int_value(env, n);
}

/* write(2) of buf[off, off+len): the count written. */
static napi_value js_write(napi_env env, napi_callback_info info) {
  int32_t fd, len;
  char *data;
  if (!fd_span_args(env, info, &fd, &data, &len)) return NULL;
  ssize_t n = write(fd, data, (size_t)len);
  if (n < 0) return throw_errno(env, "write", errno);
  return int_value(env, n);
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t fd;
  if (!arg_int(env, argv, argc, 0, &fd)) return NULL;
  if (close(fd) < 0) return throw_errno(env, "close", errno);
  return undefined_value(env);
}

/* getsockname of a unix socket: its path ("" if unnamed). */
static napi_value js_sockname(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t fd;
  if (!arg_int(env, argv, argc, 0, &fd)) return NULL;
  struct sockaddr_un sun;
  socklen_t len = sizeof sun;
  memset(&sun, 0, sizeof sun);
  if (getsockname(fd, (struct sockaddr *)&sun, &len) < 0) return throw_errno(env, "getsockname", errno);
  size_t pl = len > offsetof(struct sockaddr_un, sun_path) ? len - offsetof(struct sockaddr_un, sun_path) : 0;
  /* (a path of all 108 bytes has no NUL, and the kernel may say more) */
  if (pl > sizeof sun.sun_path) pl = sizeof sun.sun_path;
  napi_value r;
  napi_create_string_utf8(env, sun.sun_path, strnlen(sun.sun_path, pl), &r);
  return r;
}


/*
 * The zygote: a child of the server, forked once after the first call (when
 * the server has settled), that forks the spare executors.  It is the one
 * loop of our own in native code, because a zygote must never run JavaScript
 * again: then its heap stays exactly as it was at that fork, every executor is forked from
 * that same quiet image (no garbage the server made since, no work of the
 * server's to unwind), and the server itself never forks while it serves.
 *
 * zygoteServe(ctl) never returns in the zygote.  It serves the server on
 * ctl (a stream socket), one byte per request:
 *   'F'  fork a spare: reply 'S' pid:u32be with the spare's end of a new
 *        socketpair (SCM_RIGHTS on the 'S'), or 'E' errno:u32be
 * and reports, unasked, each of its children that ends:
 *   'X' pid:u32be status:u32be (the raw wait status)
 * End of file on ctl: the server has gone, and so does the zygote.
 * In each forked child (a process group leader, set on both sides before
 * 'S' is sent) it returns the child's end of that socketpair, after
 * uv_loop_fork, with nothing of the zygote's left open.
 */
/*
 * The calls' working set.  Every spare is a fresh fork of the zygote, so
 * every call takes the same page faults again: copy-on-write for the pages
 * it writes (V8's young generation, malloc's heap) and, because fork(2)
 * copies no page table entries of file mappings, one for each block of
 * Node's code it runs (measured ~700 a call, ~1 ms of a ~8 ms warm call).
 * The first call to end through our exit path records which pages it has
 * (ws_learn, from prefork_leave); every spare forked after that maps them while it still
 * waits for its call (MADV_POPULATE_*, see ws_prefault), and stops as soon
 * as its call arrives, so that it never makes a call wait.  The record lives
 * in memory shared by the zygote and its children, so it holds only for this
 * zygote's address space, and goes with it.
 */
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#define WS_MAX_RANGES 4096
/* A call bigger than this teaches only its start.  Pages read from files
 * cost a spare only their page table entries; written pages are its own
 * copies, so fewer of those. */
#define WS_MAX_READ_PAGES 16384 /* 64 MB */
#define WS_MAX_WRITE_PAGES 4096 /* 16 MB */
enum { WS_EMPTY, WS_LEARNING, WS_READY };
struct ws_range {
  uintptr_t lo, hi;
  int write;
};
struct ws_record {
  int state;
  int n;
  struct ws_range r[WS_MAX_RANGES];
};
static struct ws_record *ws = NULL;

/* pages[0]: read so far, pages[1]: written */
static void ws_add(uintptr_t lo, uintptr_t hi, int write, long pages[2]) {
  long max = write ? WS_MAX_WRITE_PAGES : WS_MAX_READ_PAGES;
  if (ws->n >= WS_MAX_RANGES || pages[write] >= max) return;
  long psz = sysconf(_SC_PAGESIZE);
  long np = (long)((hi - lo) / psz);
  if (pages[write] + np > max) hi = lo + (uintptr_t)(max - pages[write]) * psz;
  pages[write] += (long)((hi - lo) / psz);
  ws->r[ws->n++] = (struct ws_range){lo, hi, write};
}

/*
 * Pages of our private mappings that this process has: written ones
 * (mapped exclusively: copied on write, or new) and code or data read from
 * files (a forked child maps those afresh).  From /proc/self/pagemap.
 */
static int ws_record_self(void) {
  FILE *maps = fopen("/proc/self/maps", "re");
  if (!maps) return -1;
  int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (pm < 0) {
    fclose(maps);
    return -1;
  }
  long psz = sysconf(_SC_PAGESIZE);
  long pages[2] = {0, 0};
  static uint64_t ents[4096];
  char line[512];
  int continued = 0; /* the rest of a line longer than the buffer (a long path): not a mapping */
  while (fgets(line, sizeof line, maps)) {
    int cont = continued;
    continued = strchr(line, '\n') == NULL;
    if (cont) continue;
    unsigned long lo, hi;
    char perm[8] = {0}, name[256] = {0};
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi, perm, name) < 3) continue;
    /* readable and private; not [vdso] and the like, whose pages are never copied */
    if (perm[0] != 'r' || perm[3] != 'p') continue;
    if (name[0] == '[' && strcmp(name, "[heap]") != 0 && strcmp(name, "[stack]") != 0) continue;
    int from_file = name[0] == '/';
    int writable = perm[1] == 'w';
    uintptr_t run_lo = 0;
    int run = 0; /* 0 none, 1 read, 2 write */
    uintptr_t a = lo;
    while (a < hi) {
      size_t want = (hi - a) / psz;
      if (want > sizeof ents / sizeof ents[0]) want = sizeof ents / sizeof ents[0];
      ssize_t got = pread(pm, ents, want * sizeof ents[0], (off_t)(a / psz) * sizeof ents[0]);
      if (got <= 0) break;
      size_t k = (size_t)got / sizeof ents[0];
      for (size_t i = 0; i < k; i++, a += psz) {
        int present = (ents[i] >> 63) & 1, exclusive = (ents[i] >> 56) & 1;
        int kind = !present ? 0 : writable ? (exclusive ? 2 : 0) : (from_file ? 1 : 0);
        if (kind != run) {
          if (run) ws_add(run_lo, a, run == 2, pages);
          run = kind;
          run_lo = a;
        }
      }
    }
    if (run) ws_add(run_lo, a, run == 2, pages); /* up to where pagemap could be read */
  }
  close(pm);
  fclose(maps);
  return 0;
}

/* The first caller of it (once per zygote) records the pages it has: true if this call did. */
static bool ws_learn(void) {
  int expected = WS_EMPTY;
  bool mine = ws && __atomic_compare_exchange_n(&ws->state, &expected, WS_LEARNING, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  if (mine) {
    ws->n = 0;
    int r = ws_record_self();
    __atomic_store_n(&ws->state, r == 0 && ws->n > 0 ? WS_READY : WS_EMPTY, __ATOMIC_RELEASE);
  }
  return mine;
}

/*
 * The caller's 0-2 as a call adopted them, to give back at its exit what
 * Node's ResetStdio gives back: O_NONBLOCK (a pipe stream sets it on a
 * descriptor the caller shares) and a terminal's modes.
 */
static struct {
  bool valid;
  dev_t dev;
  ino_t ino;
  int flags;
  bool isatty;
  struct termios tio;
} call_stdio[3];

static void reset_stdio(void);

/*
 * Node's SignalExit, found on SIGINT and SIGTERM: it gives back what
 * ResetStdio recorded at start-up, the server's 0-2, so a call that dies of
 * either gives back the caller's first.  (Known by SA_RESETHAND: libuv's
 * handler, there while JS listens, is not so flagged.)
 */
static struct sigaction node_signal_exit[NSIG];

static void call_signal_exit(int sig, siginfo_t *info, void *ucontext) {
  /*
   * Ours last: Node's gives the server's start-up state to any of 0-2 that
   * is the same file (the first caller's terminal).  Node 20's raises the
   * signal with every signal blocked and returns; one that kills at once
   * instead still finds ours done first.  (All async-signal-safe,
   * uv_tty_reset_mode included.)
   */
  reset_stdio();
  node_signal_exit[sig].sa_sigaction(sig, info, ucontext); /* (one-argument handlers too: the ABI) */
  reset_stdio();
}

static void give_back_stdio_at_signal_exit(int sig) {
  struct sigaction now;
  if (sigaction(sig, NULL, &now) != 0 || !(now.sa_flags & SA_RESETHAND)) return;
  /* (sa_handler and sa_sigaction are one field) */
  if (now.sa_handler == SIG_DFL || now.sa_handler == SIG_IGN || now.sa_sigaction == call_signal_exit) return;
  node_signal_exit[sig] = now;
  struct sigaction mine = now;
  mine.sa_sigaction = call_signal_exit;
  mine.sa_flags |= SA_SIGINFO;
  sigaction(sig, &mine, NULL);
}

static napi_value js_record_stdio(napi_env env, napi_callback_info info) {
  give_back_stdio_at_signal_exit(SIGINT);
  give_back_stdio_at_signal_exit(SIGTERM);
  for (int fd = 0; fd < 3; fd++) {
    struct stat st;
    call_stdio[fd].valid = fstat(fd, &st) == 0 && (call_stdio[fd].flags = fcntl(fd, F_GETFL)) >= 0;
    if (!call_stdio[fd].valid) continue;
    call_stdio[fd].dev = st.st_dev;
    call_stdio[fd].ino = st.st_ino;
    call_stdio[fd].isatty = tcgetattr(fd, &call_stdio[fd].tio) == 0;
  }
  return undefined_value(env);
}

static void reset_stdio(void) {
  uv_tty_reset_mode();
  for (int fd = 0; fd < 3; fd++) {
    struct stat st;
    if (!call_stdio[fd].valid || fstat(fd, &st) != 0 || st.st_dev != call_stdio[fd].dev || st.st_ino != call_stdio[fd].ino) continue;
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0 && ((flags ^ call_stdio[fd].flags) & O_NONBLOCK)) fcntl(fd, F_SETFL, (flags & ~O_NONBLOCK) | (call_stdio[fd].flags & O_NONBLOCK));
    if (call_stdio[fd].isatty) {
      /* as Node does: a background process setting the terminal would be stopped */
      sigset_t ttou;
      sigemptyset(&ttou);
      sigaddset(&ttou, SIGTTOU);
      pthread_sigmask(SIG_BLOCK, &ttou, NULL);
      tcsetattr(fd, TCSANOW, &call_stdio[fd].tio);
      pthread_sigmask(SIG_UNBLOCK, &ttou, NULL);
    }
  }
}

/* The end of every call that got as far as Node's exit (fork_child.cc calls it). */
void prefork_leave(int code) {
  reset_stdio();
  /* once per zygote, the first call to end teaches the spares forked after it which pages to map ahead */
  ws_learn();
  _exit(code);
}

/*
 * Maps a chunk at a time, until the call arrives on ctl (or the server's end):
 * true if it did all of them.
 */
static bool ws_populate(int ctl, int write) {
  const uintptr_t chunk = 64 * (uintptr_t)sysconf(_SC_PAGESIZE);
  struct pollfd p = {.fd = ctl, .events = POLLIN};
  for (int i = 0; i < ws->n; i++) {
    if (ws->r[i].write != write) continue;
    for (uintptr_t a = ws->r[i].lo; a < ws->r[i].hi; a += chunk) {
      if (poll(&p, 1, 0) != 0) return false;
      uintptr_t end = a + chunk < ws->r[i].hi ? a + chunk : ws->r[i].hi;
      /* errors are no matter: a range this spare does not have, or an older kernel */
      madvise((void *)a, end - a, write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
    }
  }
  return true;
}

/*
 * In a new spare, while it waits for its call: first the pages a call
 * writes (each a copy-on-write fault saved), then, only if no call has come
 * within WS_READ_AFTER_MS, the file pages (those also saved a call ~0.5 ms,
 * but mapping them took CPU from calls that came straight one after another:
 * measured 0.97 x the Perl pair with written pages only, 1.00 x with both).
 */
#define WS_READ_AFTER_MS 5
static void ws_prefault(int ctl) {
  if (!ws || __atomic_load_n(&ws->state, __ATOMIC_ACQUIRE) != WS_READY) return;
  if (!ws_populate(ctl, 1)) return;
  struct pollfd p = {.fd = ctl, .events = POLLIN};
  int r;
  do r = poll(&p, 1, WS_READ_AFTER_MS);
  while (r < 0 && errno == EINTR);
  if (r == 0) ws_populate(ctl, 0);
}

#define ZYGOTE_MAX_CHILDREN 4096

static int write_all_fd(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t r = write(fd, p, len);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    p += r;
    len -= (size_t)r;
  }
  return 0;
}

static void put_u32be(unsigned char *b, uint32_t v) {
  b[0] = v >> 24;
  b[1] = v >> 16;
  b[2] = v >> 8;
  b[3] = v;
}

static int zygote_send_spare(int ctl, pid_t pid, int fd) {
  unsigned char msg[5] = {'S'};
  put_u32be(msg + 1, (uint32_t)pid);
  /* all five bytes go in one sendmsg on a stream socket, or none */
  return send_with_fd(ctl, msg, sizeof msg, fd) == (ssize_t)sizeof msg ? 0 : -1;
}

static void zygote_send_error(int ctl, int err) {
  unsigned char msg[5] = {'E'};
  put_u32be(msg + 1, (uint32_t)err);
  if (write_all_fd(ctl, msg, sizeof msg) < 0) _exit(0);
}

static napi_value js_zygote_serve(napi_env env, napi_callback_info info) {
  ARGS(1);
  int32_t ctl;
  if (!arg_int(env, argv, argc, 0, &ctl)) return NULL;
  uv_loop_t *loop = NULL;
  CHECK(napi_get_uv_event_loop(env, &loop));
  /* Once: no JavaScript runs here again, so V8 maps nothing new. */
  int mr = madvise_dofork_all();
  if (mr < 0) return throw_errno(env, "madvise", -mr);
  /* shared with every child forked from here on; without it, nothing is learnt */
  void *shared = mmap(NULL, sizeof *ws, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ws = shared == MAP_FAILED ? NULL : shared;
  static struct pollfd pfds[ZYGOTE_MAX_CHILDREN + 1];
  static pid_t pids[ZYGOTE_MAX_CHILDREN + 1];
  nfds_t n = 1;
  pfds[0].fd = ctl;
  pfds[0].events = POLLIN;
  for (;;) {
    if (poll(pfds, n, -1) < 0) {
      if (errno == EINTR) continue;
      _exit(70);
    }
    /* children first: a report must not wait behind a fork */
    for (nfds_t i = 1; i < n;) {
      if (!pfds[i].revents) {
        i++;
        continue;
      }
      int status = 0;
      pid_t r;
      do r = waitpid(pids[i], &status, WNOHANG);
      while (r < 0 && errno == EINTR);
      if (r == 0) {
        i++;
        continue;
      }
      /* reaped by nobody else, so waitpid fails only by a bug: report exit 127 rather than nothing */
      if (r < 0) status = 127 << 8;
      unsigned char msg[9] = {'X'};
      put_u32be(msg + 1, (uint32_t)pids[i]);
      put_u32be(msg + 5, (uint32_t)status);
      if (write_all_fd(ctl, msg, sizeof msg) < 0) _exit(0);
      close(pfds[i].fd);
      pfds[i] = pfds[n - 1];
      pids[i] = pids[n - 1];
      n--;
    }
    if (!pfds[0].revents) continue;
    unsigned char cmd;
    ssize_t got;
    do got = read(ctl, &cmd, 1);
    while (got < 0 && errno == EINTR);
    if (got <= 0) _exit(0); /* the server has gone */
    if (cmd != 'F') continue;
    int sv[2];
    int err = 0;
    pid_t pid = -1;
    if (n > ZYGOTE_MAX_CHILDREN) err = EAGAIN;
    else if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) err = errno;
    else if ((pid = fork_node(loop)) < 0) {
      err = errno;
      close(sv[0]);
      close(sv[1]);
    }
    if (err) {
      zygote_send_error(ctl, err);
      continue;
    }
    if (pid == 0) {
      /* its own process group before anyone can signal it as one (both sides set it, as usual) */
      setpgid(0, 0);
      close(ctl);
      close(sv[0]);
      for (nfds_t i = 1; i < n; i++) close(pfds[i].fd);
      ws_prefault(sv[1]);
      return int_value(env, sv[1]);
    }
    close(sv[1]);
    setpgid(pid, pid);
    int pfd = pidfd_open_(pid);
    if (pfd < 0) {
      /* a child whose end we could not see would never be reported: none */
      int e = errno;
      close(sv[0]);
      kill(pid, SIGKILL);
      while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
      }
      zygote_send_error(ctl, e);
      continue;
    }
    pfds[n].fd = pfd;
    pfds[n].events = POLLIN;
    pfds[n].revents = 0;
    pids[n] = pid;
    n++;
    int sr = zygote_send_spare(ctl, pid, sv[0]);
    close(sv[0]);
    if (sr < 0) _exit(0);
  }
}

#define EXPORT(name, fn) {name, NULL, fn, NULL, NULL, NULL, napi_default, NULL}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      EXPORT("socketUnix", js_socket_unix),
      EXPORT("connectUnix", js_connect_unix),
      EXPORT("bindUnix", js_bind_unix),
      EXPORT("listen", js_listen),
      EXPORT("accept", js_accept),
      EXPORT("socketpair", js_socketpair),
      EXPORT("pipe", js_pipe),
      EXPORT("sendFd", js_send_fd),
      EXPORT("recvFd", js_recv_fd),
      EXPORT("setNonblock", js_set_nonblock),
      EXPORT("setCloexec", js_set_cloexec),
      EXPORT("flock", js_flock),
      EXPORT("fdFlags", js_fd_flags),
      EXPORT("isCloexec", js_is_cloexec),
      EXPORT("guessHandle", js_guess_handle),
      EXPORT("dup2", js_dup2),
      EXPORT("uname", js_uname),
      EXPORT("strsignal", js_strsignal),
      EXPORT("strerror", js_strerror),
      EXPORT("raiseDefault", js_raise_default),
      EXPORT("kill", js_kill),
      EXPORT("getpid", js_getpid),
      EXPORT("getppid", js_getppid),
      EXPORT("setsid", js_setsid),
      EXPORT("setpgid", js_setpgid),
      EXPORT("waitpid", js_waitpid),
      EXPORT("exitNow", js_exit_now),
      EXPORT("fork", js_fork),
      EXPORT("poll", js_poll),
      EXPORT("execv", js_execv),
      EXPORT("spawn", js_spawn),
      EXPORT("sockname", js_sockname),
      EXPORT("mtimes", js_mtimes),
      EXPORT("readFile", js_read_file),
      EXPORT("stat", js_stat),
      EXPORT("homeDir", js_home_dir),
      EXPORT("read", js_read),
      EXPORT("write", js_write),
      EXPORT("close", js_close),
      EXPORT("peerPid", js_peer_pid),
      EXPORT("peerUid", js_peer_uid),
      EXPORT("replaceEnv", js_replace_env),
      EXPORT("zygoteServe", js_zygote_serve),
      EXPORT("recordStdio", js_record_stdio),
      EXPORT("setExitHandler", prefork_js_set_exit_handler),
      EXPORT("sigchldPipe", js_sigchld_pipe),
      EXPORT("becomeSubreaper", js_become_subreaper),
      EXPORT("catchSignals", js_catch_signals),
      EXPORT("takeCaught", js_take_caught),
      EXPORT("stopUnlessContinued", js_stop_unless_continued),
      EXPORT("defaultSignals", js_default_signals),
      EXPORT("releaseSignals", js_release_signals),
      EXPORT("ignoreSignals", js_ignore_signals),
      EXPORT("cloexecFrom", js_cloexec_from),
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)

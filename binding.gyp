{
  "targets": [
    {
      "target_name": "prefork_native",
      "sources": ["src/native/prefork_native.c", "src/native/fork_child.cc"],
      "cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter", "-O2"],
      "cflags_cc": ["-O2"]
    }
  ]
}

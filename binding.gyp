{
  "targets": [
    {
      "target_name": "prefork_native",
      "sources": ["src/native/prefork_native.c"],
      "cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter", "-O2"]
    }
  ]
}

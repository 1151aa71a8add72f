# The compiled client's addon (see ../client_only.c), a build of its own:
# node-gyp-build and prebuildify expect one addon per package root.
{
  "targets": [
    {
      "target_name": "prefork_client",
      "sources": ["../prefork_native.c", "../client_only.c"],
      "cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter", "-O2"]
    }
  ]
}

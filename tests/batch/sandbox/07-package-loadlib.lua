-- escape: load C code
package.loadlib("libc.so.6", "puts")

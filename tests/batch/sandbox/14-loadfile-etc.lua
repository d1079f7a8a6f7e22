-- escape: load a file outside the output directory
loadfile("/etc/hostname")

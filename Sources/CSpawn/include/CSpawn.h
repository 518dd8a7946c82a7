#ifndef FLOTILLA_CSPAWN_H
#define FLOTILLA_CSPAWN_H

#include <sys/types.h>

/// Starts argv[0] (looked up on PATH when it holds no slash) with the environment envp, in
/// `directory` (NULL: the current one), in a process group of its own, with no signal
/// blocked and the usual terminating signals at their default action, standard input from
/// in_fd (/dev/null when it is negative) and standard output and error on out_fd and err_fd.
/// Returns 0 or an errno.
int flotilla_spawn(pid_t *pid, char *const argv[], char *const envp[], const char *directory, int in_fd,
                   int out_fd, int err_fd);

/// A pipe whose two ends are close-on-exec from their making (pipe2 with O_CLOEXEC), so that
/// no process started meanwhile by other means inherits them. Returns 0 or an errno.
int flotilla_pipe(int fds[2]);

#endif

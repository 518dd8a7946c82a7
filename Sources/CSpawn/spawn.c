#define _GNU_SOURCE
#include "CSpawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int flotilla_spawn(pid_t *pid, char *const argv[], char *const envp[], const char *directory, int in_fd,
                   int out_fd, int err_fd) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int result = posix_spawn_file_actions_init(&actions);
    if (result != 0) return result;
    result = posix_spawnattr_init(&attributes);
    if (result != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return result;
    }
    if (in_fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
    } else {
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
    if (directory != NULL) posix_spawn_file_actions_addchdir_np(&actions, directory);
    // Nothing else of the parent's stays open in the child: a file another thread is writing
    // at this moment (a program being copied into place) would otherwise be held open for
    // writing by the child, and executing it fail with "Text file busy" while the child lives.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);

    // The parent may block or catch signals (Ctrl-C handling does): a child must not inherit
    // that, or SIGTERM would never stop it.
    sigset_t unblocked, defaults;
    sigemptyset(&unblocked);
    sigemptyset(&defaults);
    int terminating[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGCHLD};
    for (size_t index = 0; index < sizeof terminating / sizeof terminating[0]; index++) {
        sigaddset(&defaults, terminating[index]);
    }
    posix_spawnattr_setsigmask(&attributes, &unblocked);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    if (strchr(argv[0], '/') != NULL) {
        result = posix_spawn(pid, argv[0], &actions, &attributes, argv, envp);
    } else {
        result = posix_spawnp(pid, argv[0], &actions, &attributes, argv, envp);
    }
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return result;
}

int flotilla_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}

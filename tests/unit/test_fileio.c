/*
 * test_fileio.c - whole-file reads and atomic writes, including the
 * devices and pipes that must be written in place, never replaced.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "testutil.h"
#include "lib/fileio.h"

static int leftovers(const char *dir)
{
	struct sbuf cmd = SBUF_INIT;
	FILE *p;
	int n = 0;

	sbuf_addf(&cmd, "ls -A '%s' | grep -c tmp-", dir);
	p = popen(cmd.buf, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	sbuf_release(&cmd);
	return n;
}

static void test_atomic_write(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "out.csv"), *got;
	struct err err = ERR_INIT;
	struct stat sb;
	size_t n;

	assert_int_equal(file_write_atomic(path, "first\n", 6, 0600, &err), 0);
	assert_int_equal(file_write_atomic(path, "second\n", 7, 0600, &err), 0);
	got = tu_read(path, &n);
	assert_int_equal(n, 7);
	assert_memory_equal(got, "second\n", 7);
	free(got);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(leftovers(dir), 0);
	free(path);
	tu_rmdir(dir);
	err_release(&err);
}

/* A pid that ran and is gone (a killed writer's). */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return pid;
}

/* An empty dir/BASE.tmp-PID-SUFFIX (no PID part for pid 0). */
static char *touch(const char *dir, const char *base, long pid, const char *suffix)
{
	struct sbuf name = SBUF_INIT;
	char *path;

	sbuf_addf(&name, "%s.tmp-", base);
	if (pid)
		sbuf_addf(&name, "%ld-", pid);
	sbuf_adds(&name, suffix);
	path = tu_path(dir, name.buf);
	tu_write(path, "", 0);
	sbuf_release(&name);
	return path;
}

/* A killed write leaves PATH.tmp-PID-XXXXXX: the next write of PATH removes
 * it, and nothing of a running program or of another file. */
static void test_killed_write_cleaned(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "out.csv"), *tmp;
	char *stale = touch(dir, "out.csv", (long)dead_pid(), "Ab12Cd");
	char *live = touch(dir, "out.csv", (long)getpid(), "Xy34Zw");
	char *other = touch(dir, "other.csv", (long)dead_pid(), "Ab12Cd");
	char *foreign = touch(dir, "out.csv", 0, "Ab12Cd");
	struct err err = ERR_INIT;

	assert_int_equal(leftovers(dir), 4);
	assert_int_equal(file_write_atomic(path, "x\n", 2, 0600, &err), 0);
	assert_int_equal(access(stale, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(access(foreign, F_OK), 0);
	assert_int_equal(leftovers(dir), 3);

	/* The name says whose it is. */
	tmp = file_temp(path, 0600, &err);
	assert_non_null(tmp);
	{
		struct sbuf want = SBUF_INIT;

		sbuf_addf(&want, "%s.tmp-%ld-", path, (long)getpid());
		assert_int_equal(strncmp(tmp, want.buf, want.len), 0);
		assert_int_equal(strlen(tmp), want.len + 6);
		sbuf_release(&want);
	}
	tu_write(tmp, "y\n", 2);
	assert_int_equal(file_install(tmp, path, &err), 0);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	{
		size_t n;
		char *got = tu_read(path, &n);

		assert_memory_equal(got, "y\n", 2);
		free(got);
	}
	free(stale);
	free(live);
	free(other);
	free(foreign);
	free(path);
	tu_rmdir(dir);
	err_release(&err);
}

static void test_refusals_leave_nothing(void **state)
{
	char *dir = tu_tmpdir(), *missing = tu_path(dir, "no/such/out.csv");
	struct err err = ERR_INIT;

	assert_int_equal(file_write_atomic(dir, "x", 1, 0600, &err), -1);
	assert_non_null(strstr(err.msg, "folder"));
	assert_int_equal(file_write_atomic(missing, "x", 1, 0600, &err), -1);
	assert_non_null(strstr(err.msg, "no/such/out.csv"));
	assert_int_equal(leftovers(dir), 0);
	free(missing);
	tu_rmdir(dir);
	err_release(&err);
}

static void test_device_written_in_place(void **state)
{
	char *dir = tu_tmpdir(), *dev = tu_path(dir, "null");
	struct err err = ERR_INIT;
	struct stat sb, before;

	/* Our own node for the null device: the test never risks /dev/null. */
	if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) < 0) {
		free(dev);
		tu_rmdir(dir);
		skip();
	}
	assert_int_equal(stat(dev, &before), 0);
	assert_int_equal(file_write_atomic(dev, "data", 4, 0600, &err), 0);
	assert_int_equal(stat(dev, &sb), 0);
	assert_true(S_ISCHR(sb.st_mode));	/* still the device */
	assert_int_equal(sb.st_rdev, before.st_rdev);
	assert_int_equal(sb.st_mode, before.st_mode);	/* not chmod'ed either */
	assert_int_equal(leftovers(dir), 0);
	free(dev);
	tu_rmdir(dir);
	err_release(&err);
}

static void test_fifo_written_in_place(void **state)
{
	char *dir = tu_tmpdir(), *fifo = tu_path(dir, "pipe"), buf[64];
	struct err err = ERR_INIT;
	struct stat sb;
	pid_t pid;
	int status;
	ssize_t n;

	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(file_write_atomic(fifo, "through the pipe", 16, 0600, NULL) == 0 ? 0 : 1);
	{
		/* Non-blocking, with a time limit: if the pipe were replaced by
		 * a file, no writer would ever come and the test must fail, not
		 * hang. */
		int fd = open(fifo, O_RDONLY | O_NONBLOCK);
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		assert_true(fd >= 0);
		n = poll(&pfd, 1, 5000) == 1 ? read(fd, buf, sizeof(buf)) : -1;
		close(fd);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(n, 16);
	assert_memory_equal(buf, "through the pipe", 16);
	assert_int_equal(stat(fifo, &sb), 0);
	assert_true(S_ISFIFO(sb.st_mode));
	free(fifo);
	tu_rmdir(dir);
	err_release(&err);
}

static void test_read(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "in.txt");
	struct sbuf sb = SBUF_INIT;
	struct err err = ERR_INIT;

	tu_write(path, "hello, world", 12);
	assert_int_equal(file_read(path, &sb, 100, &err), 0);
	assert_string_equal(sb.buf, "hello, world");
	sbuf_reset(&sb);
	assert_int_equal(file_read(path, &sb, 5, &err), -1);
	assert_non_null(strstr(err.msg, "too large"));
	assert_int_equal(sb.len, 0);
	assert_int_equal(file_read(dir, &sb, 100, &err), -1);
	assert_non_null(strstr(err.msg, "folder"));
	free(path);
	path = tu_path(dir, "missing");
	assert_int_equal(file_read(path, &sb, 100, &err), -1);
	assert_non_null(strstr(err.msg, "No such file"));
	free(path);
	sbuf_release(&sb);
	tu_rmdir(dir);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atomic_write),
		cmocka_unit_test(test_killed_write_cleaned),
		cmocka_unit_test(test_refusals_leave_nothing),
		cmocka_unit_test(test_device_written_in_place),
		cmocka_unit_test(test_fifo_written_in_place),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests_name("fileio", tests, NULL, NULL);
}

/* Whether a file descriptor of the isula client is a terminal (io.isula.cli.terminal.Tty). */
#include <jni.h>
#include <unistd.h>

JNIEXPORT jboolean JNICALL Java_io_isula_cli_terminal_Tty_isatty0(JNIEnv *env, jclass cls, jint fd) {
    return isatty(fd) == 1 ? JNI_TRUE : JNI_FALSE;
}

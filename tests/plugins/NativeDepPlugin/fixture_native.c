/* A plugin-private native library: the host must find it in the plugin's folder. */
int fixture_native_answer(void) { return 42; }

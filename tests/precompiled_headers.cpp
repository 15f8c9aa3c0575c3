// The translation unit that compiles the test suite's precompiled header (see CMakeLists.txt).

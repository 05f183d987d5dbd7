/*
 * Lets the Intel oneMKL inside libtorch take its Intel code paths on an AMD processor.
 *
 * MKL picks its kernels by asking whether the processor is an Intel one, and on any other vendor it
 * keeps to generic paths: on this project's AMD EPYC (Zen 5, AVX-512) CNNNet's three Linear layers
 * took 76-105 ms of sgemm per step at batch 16 that way, 37-48 ms when MKL chose its kernels by the
 * instruction sets instead (StepTimingBenchmark, 2026-12-06). The answer to that question is this
 * one exported service function of MKL; this library, loaded with RTLD_GLOBAL before libtorch
 * (MklOnAmd.java), answers it first. The engine loads it only where /proc/cpuinfo names an AMD
 * processor: there the kernels MKL then chooses are still chosen by the CPUID feature bits, so only
 * instructions the processor has are used.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }

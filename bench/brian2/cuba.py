#!/usr/bin/env python3
"""Same-machine baseline for `snn4j simulate cuba`: the CUBA network of Vogels & Abbott (2005) in
Brian2's C++ standalone mode on one thread (no OpenMP), with the parameters snn4j uses
(models.CubaNetwork): N current-based LIF neurons, 80 % excitatory, pairs connected with
p = 80 / N, w_e = 1.62 mV, w_i = -9 mV, dt = 0.1 ms, every spike recorded.

Usage: python3 bench/brian2/cuba.py [neurons=4000] [seconds=10] [repeats=3]
Needs Debian's python3-brian (Brian2 2.5.1) and g++. Prints Brian2's own loop time of each run
(`device._last_run_time`: the simulation loop, without code generation and compilation).
"""
import sys
import tempfile

from brian2 import (NeuronGroup, SpikeMonitor, Synapses, defaultclock, device, mV, ms, prefs, run,
                    second, set_device)

neurons = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3

for r in range(repeats):
    set_device('cpp_standalone', directory=tempfile.mkdtemp(prefix='brian2-cuba-'), build_on_run=True)
    prefs.devices.cpp_standalone.openmp_threads = 0
    defaultclock.dt = 0.1 * ms
    tau_m, tau_e, tau_i = 20 * ms, 5 * ms, 10 * ms
    v_t, v_r, e_l = -50 * mV, -60 * mV, -49 * mV
    model = '''
    dv/dt = (ge + gi - (v - e_l)) / tau_m : volt (unless refractory)
    dge/dt = -ge / tau_e : volt
    dgi/dt = -gi / tau_i : volt
    '''
    group = NeuronGroup(neurons, model, threshold='v > v_t', reset='v = v_r', refractory=5 * ms,
                        method='exact')
    group.v = 'v_r + rand() * (v_t - v_r)'
    n_exc = int(round(0.8 * neurons))
    p = 80.0 / neurons
    exc = Synapses(group, group, on_pre='ge += 1.62*mV')
    exc.connect('i < n_exc', p=p)
    inh = Synapses(group, group, on_pre='gi -= 9*mV')
    inh.connect('i >= n_exc', p=p)
    spikes = SpikeMonitor(group)
    run(seconds * second)
    count = spikes.num_spikes
    print(f"brian2 cuba: neurons {neurons}, {seconds:g} s simulated, loop {device._last_run_time:.3f} s, "
          f"spikes {count}, mean rate {count / neurons / seconds:.2f} Hz", flush=True)
    device.reinit()
    device.activate()

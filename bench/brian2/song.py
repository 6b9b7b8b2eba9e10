#!/usr/bin/env python3
"""Same-machine baseline for `snn4j simulate stdp-song`: Song, Miller & Abbott (2000) as in
Brian2's example, in C++ standalone mode on one thread: 1 000 Poisson inputs at 15 Hz onto one
neuron with a linearised synapse, additive STDP (tau 20 ms, A+ = 0.01 gmax, A- = -1.05 A+,
bounds [0, gmax]), dt = 0.1 ms.

Usage: python3 bench/brian2/song.py [seconds=100] [repeats=2]
Prints Brian2's own loop time of each run (`device._last_run_time`) and the final weight deciles.
"""
import sys
import tempfile

import numpy as np
from brian2 import (Hz, NeuronGroup, PoissonGroup, SpikeMonitor, Synapses, defaultclock, device, mV,
                    ms, prefs, run, second, set_device)

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 100.0
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 2

for r in range(repeats):
    set_device('cpp_standalone', directory=tempfile.mkdtemp(prefix='brian2-song-'), build_on_run=True)
    prefs.devices.cpp_standalone.openmp_threads = 0
    defaultclock.dt = 0.1 * ms
    tau_m, tau_e, tau_pre, tau_post = 10 * ms, 5 * ms, 20 * ms, 20 * ms
    e_e, v_t, v_r, e_l = 0 * mV, -54 * mV, -60 * mV, -74 * mV
    gmax = 0.01
    a_pre = 0.01 * gmax
    a_post = -a_pre * 1.05
    neuron = NeuronGroup(1, '''dv/dt = (ge * (e_e - v_r) + e_l - v) / tau_m : volt
                               dge/dt = -ge / tau_e : 1''',
                         threshold='v > v_t', reset='v = v_r', method='exact')
    inputs = PoissonGroup(1000, rates=15 * Hz)
    syn = Synapses(inputs, neuron, '''w : 1
                                      dApre/dt = -Apre / tau_pre : 1 (event-driven)
                                      dApost/dt = -Apost / tau_post : 1 (event-driven)''',
                   on_pre='''ge += w
                             Apre += a_pre
                             w = clip(w + Apost, 0, gmax)''',
                   on_post='''Apost += a_post
                              w = clip(w + Apre, 0, gmax)''')
    syn.connect()
    syn.w = 'rand() * gmax'
    out = SpikeMonitor(neuron)
    run(seconds * second)
    deciles = np.histogram(np.asarray(syn.w) / gmax, bins=10, range=(0, 1))[0]
    print(f"brian2 song: {seconds:g} s simulated, loop {device._last_run_time:.3f} s, "
          f"output {out.num_spikes} spikes, weight deciles {list(deciles)}", flush=True)
    device.reinit()
    device.activate()

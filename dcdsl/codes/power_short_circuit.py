"""Codes of the power section on short-circuit duty beyond the breaking capacity (DC-POWER-017
is in ``power_ratings``): the peak current against the breakers' making capacity."""

from dcdsl.codes.power import power
from dcdsl.codes.registry import ERROR

power.code(
    "DC-POWER-025",
    ERROR,
    "peak short-circuit current above the making capacity",
    doc="""\
Where the impedance method applies (DC-POWER-017), the peak short-circuit current at an
element's input bus, i_p = κ·√2·I''k with κ = 1.02 + 0.98·e^(−3R/X) from the R/X of Z_k
(IEC 60909-0 §8.1, eq. 55; with motors on the bus, the sum of the network's and the motors'
partial peaks, §8.1.2), must not exceed its breakers' rated short-circuit making capacity:
`making` (kA peak) when the element or its part states it, else n × I_cu, the least making
capacity IEC 60947-2 Table 2 requires of a breaker of that breaking capacity (n = 1.5 above
4.5 kA, 1.7 above 6, 2.0 above 10, 2.1 above 20, 2.2 above 50 kA). ANSI breakers are tested at
power factors of 0.15–0.20 above 20 kA (UL 489, IEEE C37.13), which gives the same ratio of
about 2.2 (IEEE Std 551 compares the bus X/R with the test X/R). In ANSI terms I''k is the
first-cycle (momentary) symmetrical current of IEEE Std 551 and the bolted fault current I_bf of
IEEE 1584, i_p its crest, and the making capacity the close-and-latch rating of IEEE C37.010
/ C37.13 breakers. Infinite-bus figures have no
R/X, so the check needs a stated utility fault level. Worked example (the failing design): a
13.8 kV feeder of 25 kA (X/R 10), a 2,500 kVA, 5.75 %, X/R 10 transformer: I''k = 52.58 kA,
R/X of Z_k = 0.100, κ = 1.746, i_p = 129.8 kA; a 55 kA switchboard's least making capacity is
2.2 × 55 = 121 kA → fails; a 65 kA one (143 kA) passes.
""",
    failing="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 480 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 5 MW  voltage = 13.8 kV  fault_current = 25 kA }
  transformer "TX" {
    rating            = 2500 kVA
    impedance         = 5.75 %
    x_r               = 10
    primary_voltage   = 13.8 kV
    secondary_voltage = 480 V
    from              = grid
  }
  switchboard "SWB" { rating = 2500 kVA  interrupting = 55 kA  from = TX }
  ups "UPS" { rating_kw = 300 kW  from = SWB  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
    fixed="""\
design "x" {}
part srv { kind = server  power_max = 4 kW  height = 2 U }
part pdu { kind = rack_pdu  voltage = 480 V  current = 32 A  phases = 3 }
rack_type r { device srv * 4  rack_pdu pdu * 2 }
power "main" {
  utility "grid" { capacity = 5 MW  voltage = 13.8 kV  fault_current = 25 kA }
  transformer "TX" {
    rating            = 2500 kVA
    impedance         = 5.75 %
    x_r               = 10
    primary_voltage   = 13.8 kV
    secondary_voltage = 480 V
    from              = grid
  }
  switchboard "SWB" { rating = 2500 kVA  interrupting = 65 kA  from = TX }
  ups "UPS" { rating_kw = 300 kW  from = SWB  efficiency = 0.97 }
}
hall "H1" { rack r * 10 { power = main.UPS } }
""",
)

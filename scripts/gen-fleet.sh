#!/bin/sh
# Print a CSV fleet of N SIMs with valid, unique identifiers, for the sample
# fleet, the tests and the benchmarks:
#   scripts/gen-fleet.sh N [FIRST]
# Row i (from FIRST, default 0) gets ICCID 8944 1 <14-digit i> + Luhn,
# IMSI 23410<10-digit i>, MSISDN +4477<9-digit i>, static IP 10.64.0.0 + i + 1.
# i must stay below 4,194,302 so that the address stays inside 10.64.0.0/10.
set -eu
n=${1:?usage: gen-fleet.sh N [FIRST]}
first=${2:-0}
exec awk -v n="$n" -v first="$first" '
function luhn(s,    i, d, sum, dbl) {
	sum = 0; dbl = 1
	for (i = length(s); i >= 1; i--) {
		d = substr(s, i, 1) + 0
		if (dbl) { d *= 2; if (d > 9) d -= 9 }
		sum += d; dbl = !dbl
	}
	return (10 - sum % 10) % 10
}
BEGIN {
	print "iccid,imsi,msisdn,apn,static_ip,imei_policy,data_limit,labels"
	split("leeds york bath hull", sites, " ")
	for (i = first; i < first + n; i++) {
		body = sprintf("89441%014d", i)
		ip = i + 1
		printf "%s%d,23410%010d,+4477%09d,m2m.example,10.%d.%d.%d,learn,500M,site=%s\n",
		    body, luhn(body), i, i, 64 + int(ip / 65536),
		    int(ip / 256) % 256, ip % 256, sites[i % 4 + 1]
	}
}'

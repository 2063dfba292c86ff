using System.Numerics;

namespace Portal.Core.Statistics;

/// <summary>
/// Survival functions of the Kolmogorov-Smirnov statistics, ported from scipy 1.10:
/// <c>scipy/stats/_ksstats.py</c> (<c>kolmogn</c>: Simard and L'Ecuyer's choice between Ruben-Gambino,
/// Durbin/Marsaglia-Tsang-Wang, Pomeranz, Pelz-Good and 2*Smirnov) and <c>scipy.special.smirnov</c>.
/// </summary>
internal static class KolmogorovDistribution
{
    private const double E128 = 3.402823669209385e38;   // 2^128
    private const double EM128 = 2.938735877055719e-39; // 2^-128
    private const double DoubleEpsilon = 2.220446049250313e-16; // DBL_EPSILON
    private const double MinLog = -7.08396418532264106224e2; // cephes MINLOG
    private static readonly double[] StirlingCoeffs =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary>Pr(D_n &gt;= x) for the two-sided one-sample statistic (scipy <c>kstwo.sf(x, n)</c>).</summary>
    public static double TwoSidedSf(int n, double x)
    {
        if (n <= 0 || double.IsNaN(x)) return double.NaN;
        if (x >= 1.0) return 0.0;
        if (x <= 0.0) return 1.0;
        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5) return 1.0;
            double prob;
            if (n <= 140)
            {
                prob = 1.0;
                var f = (1.0 / n) * (2 * t - 1);
                for (var i = 1; i <= n; i++) prob *= i * f;
            }
            else
            {
                prob = Math.Exp(LogNFactorialDivNPowN(n) + n * Math.Log(2 * t - 1));
            }
            return Clip(1.0 - prob);
        }
        if (t >= n - 1) return Clip(2 * Math.Pow(1.0 - x, n));
        if (x >= 0.5) return Clip(2 * SmirnovSf(n, x));

        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693) return Clip(1.0 - Clip(DurbinCdf(n, x)));
            if (nxSquared <= 4) return Clip(1.0 - Clip(PomeranzCdf(n, x)));
            return Clip(2 * SmirnovSf(n, x));
        }
        if (nxSquared >= 370.0) return 0.0;
        if (nxSquared >= 2.2) return Clip(2 * SmirnovSf(n, x));
        double cdf;
        if (nxSquared >= 18.0) cdf = 1.0;
        else if (n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4) cdf = Clip(DurbinCdf(n, x));
        else cdf = PelzGoodCdf(n, x);
        return Clip(1.0 - cdf);
    }

    private static double Clip(double p) => p < 0 ? 0 : p > 1 ? 1 : p;

    private static double LogNFactorialDivNPowN(int n)
    {
        var rn = 1.0 / n;
        var x = rn / n;
        var poly = 0.0;
        foreach (var c in StirlingCoeffs) poly = poly * x + c;
        return Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * poly;
    }

    /// <summary>Pr(D_n &lt;= d) by the Durbin matrix algorithm as Marsaglia, Tsang and Wang compute it.</summary>
    internal static double DurbinCdf(int n, double d)
    {
        if (d >= 1.0) return 1.0;
        var nd = n * d;
        if (nd <= 0.5) return 0.0;
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var hm = new double[m * m];
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            v[j - 1] = 1.0 - Math.Pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }
        var tt = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        for (var i = 1; i < m; i++)
            for (var r = i - 1; r < m; r++)
                hm[r * m + i] = w[r - (i - 1)];
        for (var r = 0; r < m; r++) hm[r * m] = v[r];
        for (var c = 0; c < m; c++) hm[(m - 1) * m + c] = v[m - 1 - c];

        var pwr = new double[m * m];
        for (var i = 0; i < m; i++) pwr[i * m + i] = 1.0;
        var tmp = new double[m * m];
        var nn = n;
        var expnt = 0;
        var hExpnt = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                MatMul(pwr, hm, tmp, m);
                (pwr, tmp) = (tmp, pwr);
                expnt += hExpnt;
            }
            MatMul(hm, hm, tmp, m);
            (hm, tmp) = (tmp, hm);
            hExpnt *= 2;
            if (Math.Abs(hm[(k - 1) * m + (k - 1)]) > E128)
            {
                for (var i = 0; i < hm.Length; i++) hm[i] /= E128;
                hExpnt += 128;
            }
            nn /= 2;
        }
        var p = pwr[(k - 1) * m + (k - 1)];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < EM128)
            {
                p *= E128;
                expnt -= 128;
            }
        }
        if (expnt != 0) p = Math.ScaleB(p, expnt);
        return p;
    }

    private static void MatMul(double[] a, double[] b, double[] result, int m)
    {
        Array.Clear(result);
        for (var i = 0; i < m; i++)
        {
            var row = i * m;
            for (var l = 0; l < m; l++)
            {
                var ail = a[row + l];
                if (ail == 0) continue;
                var brow = l * m;
                for (var j = 0; j < m; j++) result[row + j] += ail * b[brow + j];
            }
        }
    }

    private static (int J1, int J2) PomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0)
        {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        }
        else
        {
            var ip1div2 = (i + 1) / 2;
            var ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0)
            {
                if (ip1div2 == n + 1)
                {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                }
                else
                {
                    j1 = ip1div2 - 1 - ll - roundf - 1;
                    j2 = ip1div2 + ll - 1 + ceilf - 1;
                }
            }
            else
            {
                j1 = ip1div2 - 1 - ll - 1;
                j2 = ip1div2 + ll + roundf - 1;
            }
        }
        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    /// <summary>Pr(D_n &lt;= x) by Pomeranz's recursion.</summary>
    internal static double PomeranzCdf(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilf = f > 0 ? 1 : 0;
        var roundf = f > 0.5 ? 1 : 0;
        var npwrs = 2 * (ll + 1);
        var gpower = new double[npwrs];
        var twogpower = new double[npwrs];
        var onem2gpower = new double[npwrs];
        gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
        var expnt = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (var m = 1; m < npwrs; m++)
        {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        var v0 = new double[npwrs];
        var v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, j2) = PomeranzJ1J2(0, n, ll, ceilf, roundf);
        for (var i = 1; i < 2 * n + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(v1);
            (j1, j2) = PomeranzJ1J2(i, n, ll, ceilf, roundf);
            var pwrs = i == 1 || i == 2 * n + 1 ? gpower : i % 2 == 1 ? twogpower : onem2gpower;
            var ln2 = j2 - k1 + 1;
            if (ln2 > 0)
            {
                // conv = np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]); only entries [j1-k1, j2-k1] are used.
                var start = k1 - v0s;
                var convStart = j1 - k1;
                var convLen = j2 - j1 + 1;
                for (var c = 0; c < convLen; c++)
                {
                    var idx = convStart + c;
                    var s = 0.0;
                    var lo = Math.Max(0, idx - (ln2 - 1));
                    var hi = Math.Min(idx, ln2 - 1);
                    lo = Math.Max(lo, idx - (pwrs.Length - 1));
                    for (var a = lo; a <= hi; a++)
                    {
                        var ai = start + a;
                        var av = ai >= 0 && ai < v0.Length ? v0[ai] : 0.0;
                        s += av * pwrs[idx - a];
                    }
                    v1[c] = s;
                }
                var max = 0.0;
                foreach (var val in v1) max = Math.Max(max, val);
                if (max > 0 && max < EM128)
                {
                    for (var c = 0; c < v1.Length; c++) v1[c] *= E128;
                    expnt -= 128;
                }
                v1s = v0s + j1 - k1;
            }
        }
        var ans = v1[n - v1s];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(ans) > E128)
            {
                ans *= EM128;
                expnt += 128;
            }
            ans *= m;
        }
        if (expnt != 0) ans = Math.ScaleB(ans, expnt);
        return ans;
    }

    /// <summary>Pelz-Good approximation to Pr(D_n &lt;= x).</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        if (x <= 0.0) return 0.0;
        if (x >= 1.0) return 1.0;
        var z = Math.Sqrt(n) * x;
        double zsquared = z * z, zthree = z * z * z, zfour = zsquared * zsquared, zsix = zthree * zthree;
        var pi2 = Math.PI * Math.PI;
        var pi4 = pi2 * pi2;
        var pi6 = pi4 * pi2;
        var qlog = -pi2 / 8 / zsquared;
        if (qlog < -708) return 0.0;
        var q = Math.Exp(qlog);
        var k1a = -zsquared;
        var k1b = pi2 / 4;
        var k2a = 6 * zsix + 2 * zfour;
        var k2b = (2 * zfour - 5 * zsquared) * pi2 / 4;
        var k2c = pi4 * (1 - 2 * zsquared) / 16;
        var k3d = pi6 * (5 - 30 * zsquared) / 64;
        var k3c = pi4 * (-60 * zsquared + 212 * zfour) / 16;
        var k3b = pi2 * (135 * zfour - 96 * zsix) / 4;
        var k3a = -30 * zsix - 90 * Math.Pow(z, 8);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            double m = 2 * k - 1;
            double msq = m * m, m4 = msq * msq, m6 = m4 * msq;
            var qpower = Math.Pow(q, 8 * k);
            s0 = s0 * qpower + 1.0;
            s1 = s1 * qpower + (k1a + k1b * msq);
            s2 = s2 * qpower + (k2a + k2b * msq + k2c * m4);
            s3 = s3 * qpower + (k3a + k3b * msq + k3c * m4 + k3d * m6);
        }
        var sqrt2pi = Math.Sqrt(2 * Math.PI);
        s0 = s0 * q * sqrt2pi / z;
        s1 = s1 * q * sqrt2pi / (6 * zfour);
        s2 = s2 * q * sqrt2pi / (72 * Math.Pow(z, 7));
        s3 = s3 * q * sqrt2pi / (6480 * Math.Pow(z, 10));

        q = Math.Exp(-pi2 / 2 / zsquared);
        var sqrt3z = Math.Sqrt(3) * z;
        double k2extra = 0, k3extra = 0;
        for (var k = maxk; k > 0; k--)
        {
            double ksq = (double)k * k;
            var qp = Math.Pow(q, ksq);
            var kspi = Math.PI * k;
            k2extra += ksq * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }
        s2 += k2extra * (pi2 * sqrt2pi / (-36 * zthree));
        s3 += k3extra * (pi2 * sqrt2pi / (216 * zsix));
        double nd = n;
        s1 /= Math.Pow(nd, 0.5);
        s2 /= Math.Pow(nd, 1.0);
        s3 /= Math.Pow(nd, 1.5);
        return s0 + s1 + s2 + s3;
    }

    /// <summary>
    /// scipy.special.smirnov(n, x) = Pr(D_n^+ &gt;= x), the one-sided survival function. Same special cases as
    /// scipy's kolmogorov.c; the Birnbaum-Tingey sum is evaluated in log space with Stirling-error corrected binomials
    /// (scipy uses double-double arithmetic), term by term or, for large n, by the trapezoidal rule
    /// (<see cref="SmirnovTerms.SmoothSf"/>); accurate to about 1e-13 relative.
    /// </summary>
    internal static double SmirnovSf(int n, double x)
    {
        if (!(n > 0 && x >= 0.0 && x <= 1.0)) return double.NaN;
        if (n == 1) return 1 - x;
        if (x == 0.0) return 1.0;
        if (x == 1.0) return 0.0;

        // floor(n x) and its remainder, exactly.
        var nx = n * x;
        var nxfl = Math.Floor(nx);
        var alpha = Math.FusedMultiplyAdd(n, x, -nxfl);
        if (alpha < 0) { nxfl -= 1; alpha += 1; }
        if (alpha >= 1) { nxfl += 1; alpha -= 1; }
        var nxFloor = (int)nxfl;
        var n1mxfl = n - nxFloor - (alpha == 0 ? 0 : 1);
        if (alpha == 0) n1mxfl -= 1;

        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0))
        {
            var cdf = x * Math.Exp((n - 1) * Log1P(x));
            return Clip(1 - cdf);
        }
        if (-2 * n * x * x < MinLog) return 0.0;
        if (nxFloor >= n - 1) return Clip(Math.Exp(n * Log1P(-x)));
        if (n > 1000000)
        {
            var logp = -Math.Pow(6.0 * n * x + 1, 2) / 18.0 / n;
            return Clip(logp < -Math.Log(2) ? Math.Exp(logp) : 1 - -double.ExpM1(logp));
        }

        // sf = x * sum_{v=0}^{n1mxfl} A_v, A_v = C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v)
        var terms = new SmirnovTerms(n, x);
        var nTerms = n1mxfl + 1;
        return Clip(terms.SmoothSf(nTerms) ?? x * terms.Sum(nTerms));
    }

    /// <summary>
    /// The terms of the Birnbaum-Tingey sum in log space, with Stirling-error corrected binomials. For large n the
    /// terms form one smooth bump hundreds of thousands of terms wide (the 1M x 1M KS test has n = 500,000), so
    /// <see cref="SmoothSf"/> sums them by the trapezoidal rule on a coarse grid instead of one by one.
    /// </summary>
    internal readonly struct SmirnovTerms(int n, double x)
    {
        /// <summary>Fewer terms than this are summed one by one.</summary>
        private const int SmoothMinTerms = 1 << 14;

        private const int ScanPoints = 1024;

        /// <summary>A term below e^-80 of the largest (1.8e-35) cannot change the sum of up to 10^6 terms.</summary>
        private const double Negligible = 80;

        /// <summary>Two trapezoidal sums agreeing this closely: the finer one is exact to rounding (see <see cref="SmoothSf"/>).</summary>
        private const double Converged = 1e-12;

        private static readonly double HalfLog2PiInv = -0.5 * Math.Log(2 * Math.PI);

        private readonly double _nx = n * x;
        private readonly double _deltaN = StirlingError(n);

        /// <summary>ln A_v for 0 &lt; v &lt; n.</summary>
        private double LogTerm(int v)
        {
            var nv = n - v;
            var s = 0.5 * Math.Log((double)n / ((double)v * nv)) + HalfLog2PiInv + _deltaN - StirlingError(v) - StirlingError(nv);
            // v ln(1 + nx/v) + (n-v) ln(1 - nx/(n-v)): the two parts are about +nx and -nx and cancel to ~ -n x^2, so
            // where the series converges fast, drop the linear parts exactly (ln(1+z) - z) instead of cancelling them.
            double z1 = _nx / v, z2 = -_nx / nv;
            var f = z1 <= 0.5 && z2 >= -0.5 ? v * Log1PMinusX(z1) + nv * Log1PMinusX(z2) : v * Log1P(z1) + nv * Log1P(z2);
            return s + f - Math.Log(x + (double)v / n);
        }

        /// <summary>sum_{v=0}^{nTerms-1} A_v term by term, compensated, with scipy's early exit.</summary>
        public double Sum(int nTerms)
        {
            var sum = Math.Exp(n * Log1P(-x)) / x; // v = 0
            var comp = 0.0;
            for (var v = 1; v < nTerms; v++)
            {
                var a = Math.Exp(LogTerm(v));
                var tsum = sum + a;
                comp += Math.Abs(sum) >= Math.Abs(a) ? (sum - tsum) + a : (a - tsum) + sum;
                sum = tsum;
                if (a != 0 && 4.0 * (nTerms - v) * a < DoubleEpsilon * sum && v != nTerms - 1) break; // scipy's early exit
                if (a == 0 && v > n / 2) break;
            }
            return sum + comp;
        }

        /// <summary>
        /// x sum_v A_v when the terms form a bump that is wide and negligible at both ends of its range (else null).
        /// A_v is an analytic, bell-shaped function of v, and for such a function the sum over the integers equals the
        /// integral, and so the trapezoidal sum h sum_k A(v0 + k h), up to an error that falls like exp(-c / h^2): the
        /// grid step h only has to be a fraction of the bump's width. Starting at ~32 points over the bump, h is halved
        /// until two sums agree to 1e-12 (the last one is then exact to rounding); at h = 1 it is the plain sum. Terms are
        /// scaled by the largest, so none underflows. Agrees with <see cref="Sum"/> to ~1e-14 at a thousandth of the cost.
        /// </summary>
        public double? SmoothSf(int nTerms)
        {
            var last = nTerms - 1;
            if (last < SmoothMinTerms) return null;
            Span<double> logs = stackalloc double[ScanPoints];
            Span<int> at = stackalloc int[ScanPoints];
            var logMax = double.NegativeInfinity;
            for (var k = 0; k < ScanPoints; k++)
            {
                at[k] = 1 + (int)((long)(last - 1) * k / (ScanPoints - 1));
                logs[k] = LogTerm(at[k]);
                logMax = Math.Max(logMax, logs[k]);
            }
            if (!double.IsFinite(logMax)) return null;
            int kLo = 0, kHi = ScanPoints - 1;
            while (logs[kLo] < logMax - Negligible) kLo++;
            while (logs[kHi] < logMax - Negligible) kHi--;
            var logFirst = n * Log1P(-x) - Math.Log(x); // A_0, outside the grid
            if (kLo == 0 || kHi == ScanPoints - 1 || logFirst > logMax - Negligible) return null;
            int lo = at[kLo - 1], hi = at[kHi + 1];

            var h = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, (hi - lo) / 32));
            if (h < 16) return null;
            var sum = ScaledSum(lo, hi, h, logMax);
            var previous = h * sum;
            while (h > 1)
            {
                sum += ScaledSum(lo + h / 2, hi, h, logMax); // the midpoints of the last grid
                h /= 2;
                var current = h * sum;
                if (Math.Abs(current - previous) <= Converged * current) break;
                previous = current;
            }
            var total = h * sum + Math.Exp(logFirst - logMax);
            return Math.Exp(logMax + Math.Log(x * total));
        }

        /// <summary>sum of A_v / e^logMax for v = from, from + step, ... &lt;= to, compensated.</summary>
        private double ScaledSum(int from, int to, int step, double logMax)
        {
            double sum = 0, comp = 0;
            for (var v = from; v <= to; v += step)
            {
                var a = Math.Exp(LogTerm(v) - logMax);
                var t = sum + a;
                comp += sum >= a ? (sum - t) + a : (a - t) + sum;
                sum = t;
            }
            return sum + comp;
        }
    }

    /// <summary>ln(1 + z) - z for |z| &lt;= 0.5, from ln(1 + z) = 2 atanh(y), y = z / (2 + z): -z y + 2 (y^3/3 + y^5/5 + ...).</summary>
    internal static double Log1PMinusX(double z)
    {
        var y = z / (2 + z);
        var y2 = y * y;
        var power = y * y2;
        var series = 0.0;
        for (var k = 3; k < 60; k += 2)
        {
            var term = power / k;
            series += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(series)) break;
            power *= y2;
        }
        return -z * y + 2 * series;
    }

    /// <summary>ln(1 + x) accurate near 0 (Kahan's trick; .NET's double.LogP1 is Log(1 + x)).</summary>
    internal static double Log1P(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0) return x;
        return Math.Log(u) * x / (u - 1.0);
    }

    private static readonly double[] SmallStirlingErrors = ComputeSmallStirlingErrors();

    private static double[] ComputeSmallStirlingErrors()
    {
        var result = new double[31];
        var logFactorial = 0.0;
        for (var k = 1; k <= 30; k++)
        {
            logFactorial += Math.Log(k);
            result[k] = logFactorial - (k * Math.Log(k) - k + 0.5 * Math.Log(2 * Math.PI * k));
        }
        return result;
    }

    /// <summary>ln k! - (k ln k - k + ln(2 pi k) / 2).</summary>
    private static double StirlingError(int k)
    {
        if (k <= 30) return SmallStirlingErrors[k];
        var r = 1.0 / k;
        var r2 = r * r;
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))));
    }
}

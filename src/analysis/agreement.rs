//! Inter-coder agreement: Cohen's kappa and Krippendorff's alpha (nominal).
//!
//! Pure arithmetic on counts, with no vault and no text, so that every number a
//! report prints can be checked against the published worked examples in the tests
//! below. What the units are (characters of the items both coders coded, per code)
//! is decided by the caller; `docs/agreement.md` explains the choice and how to read
//! the numbers.
//!
//! Every statistic is `None` where it is undefined (no unit, or no variation to agree
//! on): a report must say "not defined" rather than print NaN or divide by zero.

use std::collections::BTreeMap;

/// Two coders' yes/no decisions on the same units, kept as the four counts both
/// statistics need rather than as a list of units: a study's characters run into
/// millions, and tables of several codes or items pool by adding.
///
/// `counts[a][b]`: `a` is 1 where coder A applied the code, `b` likewise for B.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BinaryTable {
    pub counts: [[u64; 2]; 2],
}

impl BinaryTable {
    pub fn add(&mut self, a: bool, b: bool) {
        self.counts[usize::from(a)][usize::from(b)] += 1;
    }

    /// Pooling tables is how the overall figure over all codes is made: one pooled
    /// 2x2 table, not an average of per-code coefficients, so that a code applied to
    /// three characters weighs three characters.
    pub fn merge(&mut self, other: &BinaryTable) {
        for (row, other_row) in self.counts.iter_mut().zip(other.counts) {
            for (cell, other_cell) in row.iter_mut().zip(other_row) {
                *cell += other_cell;
            }
        }
    }

    pub fn units(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }
}

/// The agreement of two coders on one table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Agreement {
    pub units: u64,
    /// The share of units on which both coders decided alike; 0 when there is no
    /// unit, so that no NaN reaches a report (kappa and alpha are `None` then).
    pub observed: f64,
    /// `None` when undefined: no unit, or both coders put every unit in the same
    /// category, so that chance explains all agreement and nothing is left to rate.
    pub kappa: Option<f64>,
    /// `None` when undefined: no unit, or all decisions alike (same condition as
    /// kappa for two coders).
    pub alpha: Option<f64>,
}

/// Both coefficients for two coders' binary decisions. Papers in content analysis
/// are asked for one or the other (kappa in most of the health sciences, alpha in
/// communication research), so fieldvault reports both from the same table.
pub fn binary(table: &BinaryTable) -> Agreement {
    let [[neither, only_b], [only_a, both]] = table.counts;
    let units = table.units();
    let observed = if units == 0 {
        0.0
    } else {
        (neither + both) as f64 / units as f64
    };
    Agreement {
        units,
        observed,
        kappa: cohen_kappa(&[vec![neither, only_b], vec![only_a, both]]),
        alpha: binary_alpha(table),
    }
}

/// Cohen's (1960) kappa for two coders over a k x k confusion matrix:
/// `matrix[i][j]` counts the units coder A put in category i and coder B in j.
/// Rows may be ragged; a missing cell counts 0.
///
/// Computed as 1 - (1 - p_o) / (1 - p_e) from integer counts, where both terms are
/// sums of non-negative products: with no subtraction of nearly equal numbers,
/// perfect agreement is exactly 1 and billions of characters cost only the last
/// bits of rounding.
pub fn cohen_kappa(matrix: &[Vec<u64>]) -> Option<f64> {
    let k = matrix.iter().map(Vec::len).max().unwrap_or(0).max(matrix.len());
    let mut rows = vec![0u128; k];
    let mut columns = vec![0u128; k];
    let mut diagonal = 0u128;
    for (i, row) in matrix.iter().enumerate() {
        for (j, &count) in row.iter().enumerate() {
            let count = u128::from(count);
            rows[i] += count;
            columns[j] += count;
            if i == j {
                diagonal += count;
            }
        }
    }
    let n: u128 = rows.iter().sum();
    // 1 - p_e is zero exactly when both coders used one and the same category for
    // every unit; checked on integers, so a nearly undefined kappa is still computed.
    if n == 0 || rows.iter().zip(&columns).all(|(&r, &c)| r == 0 || c == n) {
        return None;
    }
    // n² (1 - p_e) = Σ_i r_i (n - c_i), and n² (1 - p_o) = n (n - diagonal).
    let chance_disagreement: f64 = rows
        .iter()
        .zip(&columns)
        .map(|(&r, &c)| r as f64 * (n - c) as f64)
        .sum();
    let disagreement = n as f64 * (n - diagonal) as f64;
    Some(within_bounds(1.0 - disagreement / chance_disagreement))
}

/// Krippendorff's alpha for nominal data: `units[u][c]` is the category coder c gave
/// unit u, `None` where that coder did not code it. Any number of coders, and
/// missing values are allowed, as in Krippendorff's own examples.
///
/// alpha = 1 - (n - 1) · D / E, where n counts the pairable values (those in units
/// with at least two values; a unit one coder alone coded says nothing about
/// agreement), D = Σ_u Σ_c n_uc (m_u - n_uc) / (m_u - 1) is the observed
/// disagreement in the coincidence matrix and E = Σ_c n_c (n - n_c) the expected
/// one. `None` when fewer than two categories occur among pairable values.
pub fn krippendorff_alpha_nominal(units: &[Vec<Option<u32>>]) -> Option<f64> {
    let mut totals: BTreeMap<u32, u64> = BTreeMap::new();
    let mut pairable = 0u64;
    let mut disagreement = 0.0f64;
    let mut values: Vec<u32> = Vec::new();
    for unit in units {
        values.clear();
        values.extend(unit.iter().flatten().copied());
        if values.len() < 2 {
            continue;
        }
        values.sort_unstable();
        let m = values.len() as u64;
        let mut unit_disagreement = 0u128;
        for run in values.chunk_by(|x, y| x == y) {
            let count = run.len() as u64;
            *totals.entry(run[0]).or_default() += count;
            unit_disagreement += u128::from(count) * u128::from(m - count);
        }
        pairable += m;
        disagreement += unit_disagreement as f64 / (m - 1) as f64;
    }
    if totals.len() < 2 {
        return None;
    }
    let n = pairable;
    let expected: f64 = totals.values().map(|&count| count as f64 * (n - count) as f64).sum();
    Some(within_bounds(1.0 - (n - 1) as f64 * disagreement / expected))
}

/// Alpha straight from the 2x2 table, without expanding millions of characters into
/// units: every unit has both coders' values, a disagreeing unit adds 2 to D and an
/// agreeing one 0, so alpha = 1 - (n - 1) · d / (n_0 · n_1) with n = 2 · units and d
/// the number of disagreeing units.
fn binary_alpha(table: &BinaryTable) -> Option<f64> {
    let [[neither, only_b], [only_a, both]] = table.counts.map(|row| row.map(u128::from));
    let disagreeing = only_a + only_b;
    let applied = 2 * both + disagreeing;
    let not_applied = 2 * neither + disagreeing;
    if applied == 0 || not_applied == 0 {
        return None;
    }
    let n = applied + not_applied;
    Some(within_bounds(
        1.0 - (n - 1) as f64 * disagreeing as f64 / (applied as f64 * not_applied as f64),
    ))
}

/// The exact values lie in [-1, 1]; this only absorbs the last bit of a rounding
/// error, so that a report never shows 1.0000000000000002.
fn within_bounds(value: f64) -> f64 {
    value.clamp(-1.0, 1.0)
}

/// Character ranges `[start, end)` of one coder's segments with one code in one text.
pub type Ranges = Vec<(usize, usize)>;

/// One text for [`char_table`]: its length in characters, coder A's ranges, coder B's.
pub type CodedText = (usize, Ranges, Ranges);

/// The 2x2 table of one code over texts, one unit per character: for each text,
/// its length in characters and the ranges `[start, end)` coder A and coder B coded
/// with the code (overlapping ranges of one coder count once).
///
/// The ranges are swept by their boundaries, so the cost grows with the number of
/// ranges, not with the length of the texts: a study of millions of characters
/// costs a sort of a few hundred boundaries. A range reaching past the end of its
/// text is cut at the end, and an empty or reversed one counts nothing: the vault
/// refuses such segments when they are coded, so they could only come from a bug,
/// and a table must still add up to the texts' lengths.
pub fn char_table(texts: &[CodedText]) -> BinaryTable {
    let mut table = BinaryTable::default();
    // (position, change in the number of A's ranges covering it, same for B);
    // one buffer for all texts.
    let mut boundaries: Vec<(usize, i64, i64)> = Vec::new();
    for (len, a, b) in texts {
        let len = *len;
        boundaries.clear();
        for (ranges, coder_a) in [(a, true), (b, false)] {
            for &(start, end) in ranges {
                let (start, end) = (start.min(len), end.min(len));
                if start >= end {
                    continue;
                }
                let (delta_a, delta_b) = if coder_a { (1, 0) } else { (0, 1) };
                boundaries.push((start, delta_a, delta_b));
                boundaries.push((end, -delta_a, -delta_b));
            }
        }
        boundaries.sort_unstable_by_key(|&(position, _, _)| position);
        let (mut depth_a, mut depth_b, mut at) = (0i64, 0i64, 0usize);
        for &(position, delta_a, delta_b) in &boundaries {
            table.counts[usize::from(depth_a > 0)][usize::from(depth_b > 0)] += (position - at) as u64;
            depth_a += delta_a;
            depth_b += delta_b;
            at = position;
        }
        // Past the last boundary every range is closed.
        table.counts[0][0] += (len - at) as u64;
    }
    table
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A published figure is reproduced when the value rounds to it at 3 decimals.
    fn assert_3dp(value: Option<f64>, published: &str) {
        let value = value.expect("the statistic is defined");
        assert_eq!(format!("{value:.3}"), published, "computed {value}");
    }

    fn table(neither: u64, only_b: u64, only_a: u64, both: u64) -> BinaryTable {
        BinaryTable {
            counts: [[neither, only_b], [only_a, both]],
        }
    }

    /// Two coders' binary decisions as units for the general alpha.
    fn units_of(a: &[u32], b: &[u32]) -> Vec<Vec<Option<u32>>> {
        a.iter().zip(b).map(|(&x, &y)| vec![Some(x), Some(y)]).collect()
    }

    /// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
    /// Annenberg School for Communication, University of Pennsylvania, section C:
    /// nominal data, four observers, twelve units, missing values. He reports
    /// alpha = 0.743. By hand: 40 pairable values (unit 12 has one), n_c = 9, 13,
    /// 10, 5, 3 for categories 1 to 5, D = 8, E = 1216, alpha = 1 - 39 · 8 / 1216 =
    /// 113/152 = 0.7434. The same data are the example of R's irr::kripp.alpha and
    /// DescTools::KrippAlpha.
    #[test]
    fn krippendorff_2011_nominal_four_coders_missing_values() {
        let n = None;
        let s = Some;
        #[rustfmt::skip]
        let coders: [[Option<u32>; 12]; 4] = [
            // unit: 1     2     3     4     5     6     7     8     9     10    11    12
            [s(1), s(2), s(3), s(3), s(2), s(1), s(4), s(1), s(2), n,    n,    n   ], // A
            [s(1), s(2), s(3), s(3), s(2), s(2), s(4), s(1), s(2), s(5), n,    s(3)], // B
            [n,    s(3), s(3), s(3), s(2), s(3), s(4), s(2), s(2), s(5), s(1), n   ], // C
            [s(1), s(2), s(3), s(3), s(2), s(4), s(4), s(1), s(2), s(5), s(1), n   ], // D
        ];
        let units: Vec<Vec<Option<u32>>> = (0..12).map(|u| coders.iter().map(|c| c[u]).collect()).collect();
        assert_3dp(krippendorff_alpha_nominal(&units), "0.743");
        // Unit 12 has one value only and is not pairable: dropping it changes nothing.
        assert_eq!(
            krippendorff_alpha_nominal(&units[..11]),
            krippendorff_alpha_nominal(&units)
        );
    }

    /// Krippendorff (2011), section A: binary data, two observers, ten units, no
    /// missing data; he reports alpha = 0.095. Checked by hand here for both
    /// coefficients:
    ///
    /// ```text
    ///              B = 0   B = 1
    ///   A = 0        5       3      (units 4,5,7,8,10 | 1,3,6)
    ///   A = 1        1       1      (unit 9           | 2)
    /// ```
    /// kappa: p_o = 6/10, p_e = (8·6 + 2·4)/100 = 0.56, kappa = 0.04/0.44 = 0.0909.
    /// alpha: n = 20 values, n_0 = 14, n_1 = 6, 4 disagreeing units,
    /// alpha = 1 - 19 · 4 / (14 · 6) = 1 - 76/84 = 0.0952.
    #[test]
    fn krippendorff_2011_binary_two_coders_kappa_and_alpha_by_hand() {
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        let mut t = BinaryTable::default();
        for (&x, &y) in a.iter().zip(&b) {
            t.add(x == 1, y == 1);
        }
        assert_eq!(t, table(5, 3, 1, 1));
        let result = binary(&t);
        assert_eq!((result.units, result.observed), (10, 0.6));
        assert!((result.kappa.unwrap() - 0.04 / 0.44).abs() < 1e-12);
        assert!((result.alpha.unwrap() - (1.0 - 76.0 / 84.0)).abs() < 1e-12);
        assert_3dp(result.kappa, "0.091");
        assert_3dp(result.alpha, "0.095");
        assert_3dp(krippendorff_alpha_nominal(&units_of(&a, &b)), "0.095");
    }

    /// SAS Institute, SAS/STAT User's Guide, PROC FREQ, "Getting Started: Agreement
    /// Study" (Table 3.2, skin condition data, two dermatologists, 88 patients); the
    /// documented output gives the simple kappa as 0.3449.
    ///
    /// ```text
    ///   Derm 1 \ Derm 2   terrible  poor  marginal  clear
    ///   terrible              10      4       1       0
    ///   poor                   5     10      12       2
    ///   marginal               2      4      12       5
    ///   clear                  0      2       6      13
    /// ```
    /// By hand: p_o = 45/88 = 0.5114, p_e = (15·17 + 29·20 + 23·31 + 21·20)/88² =
    /// 1968/7744 = 0.2541, kappa = 0.2572/0.7459 = 0.3449.
    #[test]
    fn cohen_kappa_sas_skin_condition_example() {
        let matrix = vec![
            vec![10, 4, 1, 0],
            vec![5, 10, 12, 2],
            vec![2, 4, 12, 5],
            vec![0, 2, 6, 13],
        ];
        let kappa = cohen_kappa(&matrix).unwrap();
        assert_eq!(format!("{kappa:.4}"), "0.3449");
        assert_3dp(Some(kappa), "0.345");
    }

    /// Wikipedia, "Cohen's kappa", simple example (50 grant proposals, two readers):
    /// yes/yes 20, A yes B no 5, A no B yes 10, no/no 15; p_o = 0.70, p_e = 0.50,
    /// kappa = 0.40. Alpha by hand: n = 100 values, 55 "yes", 45 "no", 15
    /// disagreeing units: alpha = 1 - 99 · 15 / (55 · 45) = 1 - 1485/2475 = 0.400.
    #[test]
    fn cohen_kappa_grant_proposals_example_and_alpha_by_hand() {
        let result = binary(&table(15, 10, 5, 20));
        assert_eq!((result.units, result.observed), (50, 0.7));
        assert_3dp(result.kappa, "0.400");
        assert_3dp(result.alpha, "0.400");
        assert!((result.alpha.unwrap() - (1.0 - 1485.0 / 2475.0)).abs() < 1e-12);
    }

    #[test]
    fn undefined_cases_are_none_not_nan() {
        for matrix in [
            vec![],
            vec![vec![]],
            vec![vec![0, 0], vec![0, 0]],
            vec![vec![7]],
            vec![vec![0, 0], vec![0, 9]],
        ] {
            assert_eq!(cohen_kappa(&matrix), None, "{matrix:?}");
        }
        let empty = binary(&BinaryTable::default());
        assert_eq!(
            empty,
            Agreement {
                units: 0,
                observed: 0.0,
                kappa: None,
                alpha: None
            }
        );
        // Neither coder applied the code anywhere: all characters agree, nothing to rate.
        let nothing = binary(&table(1000, 0, 0, 0));
        assert_eq!((nothing.observed, nothing.kappa, nothing.alpha), (1.0, None, None));
        assert_eq!(binary(&table(0, 0, 0, 3)).kappa, None);
        for units in [
            vec![],
            vec![vec![None, None]],
            vec![vec![Some(1), None], vec![None, Some(2)]],
            vec![vec![Some(3), Some(3)], vec![Some(3), Some(3), None]],
        ] {
            assert_eq!(krippendorff_alpha_nominal(&units), None, "{units:?}");
        }
        // Coders who always disagree on two categories: defined, and at the bottom.
        let opposite = binary(&table(0, 5, 5, 0));
        assert_eq!(opposite.kappa, Some(-1.0));
        assert!((opposite.alpha.unwrap() - (-1.0 + 1.0 / 10.0)).abs() < 1e-12);
        // A coder who applied the code everywhere and one who never did: kappa 0.
        assert_eq!(binary(&table(0, 0, 4, 0)).kappa, Some(0.0));
    }

    #[test]
    fn merge_pools_counts() {
        let mut pooled = table(1, 2, 3, 4);
        pooled.merge(&table(10, 20, 30, 40));
        assert_eq!(pooled, table(11, 22, 33, 44));
        assert_eq!(pooled.units(), 110);
    }

    #[test]
    fn char_table_counts_overlaps_once_and_cuts_ranges_at_the_end() {
        // Text of 20 characters. A: [2, 6) and [4, 10) overlap = [2, 10); B: [8, 12)
        // and [15, 99) cut to [15, 20); a reversed and an empty range count nothing.
        let texts = vec![(20, vec![(2, 6), (4, 10), (7, 3)], vec![(8, 12), (15, 99), (5, 5)])];
        // neither: [0,2) [12,15) = 5; only A: [2,8) = 6; both: [8,10) = 2;
        // only B: [10,12) [15,20) = 7.
        assert_eq!(char_table(&texts), table(5, 7, 6, 2));
        // The analysis_cli scenario: A coded 16 characters, B the first 7 of them.
        assert_eq!(char_table(&[(40, vec![(3, 19)], vec![(3, 10)])]), table(24, 0, 9, 7));
        assert_eq!(char_table(&[]), BinaryTable::default());
        assert_eq!(char_table(&[(0, vec![(0, 5)], vec![])]), BinaryTable::default());
    }

    /// Four billion characters with a handful of ranges: instant by the sweep, while
    /// a per-character loop would run for minutes in a debug build.
    #[test]
    fn char_table_costs_ranges_not_characters() {
        let len = 4_000_000_000usize;
        let texts = vec![
            (
                len,
                vec![(0, 1_000_000_000), (3_000_000_000, len)],
                vec![(500_000_000, 3_500_000_000)],
            ),
            (len, vec![], vec![]),
        ];
        let t = char_table(&texts);
        // First text: only A [0, 0.5e9) and [3.5e9, 4e9), both [0.5e9, 1e9) and
        // [3e9, 3.5e9), only B [1e9, 3e9); the second text is all "neither".
        assert_eq!(t, table(4_000_000_000, 2_000_000_000, 1_000_000_000, 1_000_000_000));
        assert_eq!(t.units(), 2 * len as u64);
    }

    fn square_matrix() -> impl Strategy<Value = Vec<Vec<u64>>> {
        (1usize..5).prop_flat_map(|k| prop::collection::vec(prop::collection::vec(0u64..40, k), k))
    }

    /// Units coded by a fixed number of coders (so that coders can be swapped), with
    /// missing values.
    fn coded_units() -> impl Strategy<Value = Vec<Vec<Option<u32>>>> {
        (2usize..5).prop_flat_map(|coders| {
            prop::collection::vec(
                prop::collection::vec(prop::option::weighted(0.8, 0u32..4), coders),
                0..30,
            )
        })
    }

    fn binary_table() -> impl Strategy<Value = BinaryTable> {
        [0u64..30, 0u64..30, 0u64..30, 0u64..30].prop_map(|[a, b, c, d]| table(a, b, c, d))
    }

    fn ranges() -> impl Strategy<Value = Ranges> {
        prop::collection::vec((0usize..70, 0usize..70), 0..6)
    }

    proptest! {
        #[test]
        fn kappa_is_bounded_and_symmetric_in_the_coders(matrix in square_matrix()) {
            let kappa = cohen_kappa(&matrix);
            let k = matrix.len();
            let transposed: Vec<Vec<u64>> = (0..k).map(|j| (0..k).map(|i| matrix[i][j]).collect()).collect();
            let swapped = cohen_kappa(&transposed);
            prop_assert_eq!(kappa.is_some(), swapped.is_some());
            if let (Some(kappa), Some(swapped)) = (kappa, swapped) {
                prop_assert!((-1.0..=1.0).contains(&kappa), "{}", kappa);
                prop_assert!((kappa - swapped).abs() < 1e-12);
            }
        }

        #[test]
        fn alpha_is_bounded_and_symmetric_in_the_coders(units in coded_units(), rotate in 0usize..4) {
            let alpha = krippendorff_alpha_nominal(&units);
            let mut swapped = units.clone();
            for unit in &mut swapped {
                unit.reverse();
                let by = rotate % unit.len();
                unit.rotate_left(by);
            }
            let alpha_swapped = krippendorff_alpha_nominal(&swapped);
            prop_assert_eq!(alpha.is_some(), alpha_swapped.is_some());
            if let (Some(alpha), Some(alpha_swapped)) = (alpha, alpha_swapped) {
                prop_assert!((-1.0..=1.0).contains(&alpha), "{}", alpha);
                prop_assert!((alpha - alpha_swapped).abs() < 1e-12);
            }
        }

        #[test]
        fn perfect_agreement_gives_one_when_there_is_variation(
            labels in prop::collection::vec(0u32..4, 1..40),
            coders in 2usize..5,
        ) {
            let varied = labels.iter().any(|&l| l != labels[0]);
            let expected = if varied { Some(1.0) } else { None };
            let units: Vec<Vec<Option<u32>>> = labels.iter().map(|&l| vec![Some(l); coders]).collect();
            prop_assert_eq!(krippendorff_alpha_nominal(&units), expected);
            let mut matrix = vec![vec![0u64; 4]; 4];
            for &l in &labels {
                matrix[l as usize][l as usize] += 1;
            }
            prop_assert_eq!(cohen_kappa(&matrix), expected);
            let mut t = BinaryTable::default();
            for &l in &labels {
                t.add(l == 0, l == 0);
            }
            let result = binary(&t);
            let binary_varied = labels.contains(&0) && labels.iter().any(|&l| l != 0);
            let expected = if binary_varied { Some(1.0) } else { None };
            prop_assert_eq!((result.observed, result.kappa, result.alpha), (1.0, expected, expected));
        }

        /// The 2x2 shortcut agrees with the general formulas, and swapping the coders
        /// (transposing the table) changes nothing.
        #[test]
        fn binary_matches_the_general_formulas_and_is_symmetric(t in binary_table()) {
            let result = binary(&t);
            let [[neither, only_b], [only_a, both]] = t.counts;
            prop_assert_eq!(result.kappa, cohen_kappa(&[vec![neither, only_b], vec![only_a, both]]));
            let mut units = Vec::new();
            for (count, a, b) in [(neither, 0, 0), (only_b, 0, 1), (only_a, 1, 0), (both, 1, 1)] {
                units.extend((0..count).map(|_| vec![Some(a), Some(b)]));
            }
            let general = krippendorff_alpha_nominal(&units);
            prop_assert_eq!(result.alpha.is_some(), general.is_some());
            if let (Some(x), Some(y)) = (result.alpha, general) {
                prop_assert!((x - y).abs() < 1e-12, "{} {}", x, y);
            }
            let swapped = binary(&table(neither, only_a, only_b, both));
            prop_assert_eq!((swapped.units, swapped.observed), (result.units, result.observed));
            prop_assert_eq!(swapped.kappa.is_some(), result.kappa.is_some());
            if let (Some(x), Some(y)) = (swapped.kappa, result.kappa) {
                prop_assert!((x - y).abs() < 1e-12);
            }
            prop_assert_eq!(swapped.alpha, result.alpha);
        }

        #[test]
        fn char_table_equals_the_per_character_count(
            texts in prop::collection::vec((0usize..60, ranges(), ranges()), 0..4),
        ) {
            let mut expected = BinaryTable::default();
            for (len, a, b) in &texts {
                let covered = |ranges: &[(usize, usize)], i: usize| ranges.iter().any(|&(s, e)| s <= i && i < e);
                for i in 0..*len {
                    expected.add(covered(a, i), covered(b, i));
                }
            }
            prop_assert_eq!(char_table(&texts), expected);
        }
    }
}

//! Engine tests: every detector through `Engine::detect`, the decoys it must leave
//! alone, consistency of canonical forms, registered identifiers, the allow-list,
//! `suspicious`, and properties that must hold for any input.

use proptest::prelude::*;

use super::*;

const KEY: [u8; 16] = *b"fieldvault-tests";

fn engine() -> Engine {
    Engine::new(Known::new(KEY), AllowList::default())
}

/// (found text, category, canonical) for each span.
fn found(e: &Engine, text: &str) -> Vec<(String, Category, String)> {
    e.detect(text)
        .into_iter()
        .map(|s| (text[s.start..s.end].to_owned(), s.category, s.canonical.into()))
        .collect()
}

/// (found text, category) for each span.
fn found_as(text: &str) -> Vec<(String, Category)> {
    found(&engine(), text).into_iter().map(|(t, c, _)| (t, c)).collect()
}

fn one(text: &str) -> (String, Category, String) {
    let f = found(&engine(), text);
    assert_eq!(f.len(), 1, "{text:?} gave {f:?}");
    f.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn has(text: &str, what: &str, category: Category) {
    let f = found(&engine(), text);
    assert!(
        f.iter().any(|(t, c, _)| t == what && *c == category),
        "{what:?} as {category:?} not in {f:?} for {text:?}"
    );
}

fn nothing(text: &str) {
    let f = found(&engine(), text);
    assert!(f.is_empty(), "{text:?} gave {f:?}");
}

/// `has` for every (text, what) row.
fn has_all(category: Category, rows: &[(&str, &str)]) {
    for &(text, what) in rows {
        has(text, what, category);
    }
}

/// The texts of what the engine finds in `text` read whole (`detect_in_context`, as
/// the preview reads a file): with the names, groups and acronyms the text taught it.
fn found_in_context(text: &str) -> Vec<&str> {
    engine()
        .detect_in_context(text, &[])
        .into_iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

/// `nothing` for every text.
fn nothing_in(texts: &[&str]) {
    texts.iter().for_each(|text| nothing(text));
}

#[test]
fn category_names_round_trip() {
    for c in Category::ALL {
        assert_eq!(c.name().parse::<Category>(), Ok(c));
        assert!(!c.label().is_empty());
    }
    assert!("nope".parse::<Category>().is_err());
    assert_eq!(Category::MichatId.label(), "MICHAT_ID");
    assert_eq!(Category::IdNumber.name(), "id-number");
}

#[test]
fn phones_in_every_spelling_share_one_canonical() {
    for text in [
        "WA aku 0812-3456-7890 ya",
        "hubungi +62 812 3456 7890",
        "nomorku 6281234567890.",
        "hp: 081234567890",
        "(0812) 3456 7890",
        "wa081234567890",
        "WA:+62-812-3456-7890",
        "telp 0812.3456.7890 kak",
        "no hp ０８１２３４５６７８９０",
        "08\u{200B}12-3456-7890",
        // Broken over two lines, with or without the dash.
        "ni teh\n0812-3456-\n7890\nid",
        "WA 0812 3456\n7890 (slow)",
    ] {
        let (_, c, canonical) = one(text);
        assert_eq!((c, canonical.as_str()), (Category::Phone, "+6281234567890"), "{text}");
    }
    // A full number ends at its line: the next line's number is another.
    assert_eq!(found(&engine(), "0812 3456 7890\n0813 1111 2222").len(), 2);
    // A short number's line is not joined to the next.
    assert_eq!(found(&engine(), "jam 0812\n3456 ya"), []);
    assert_eq!(one("kantor (021) 555-1234").0, "(021) 555-1234");
    assert_eq!(one("0812.3456.789").2, "+628123456789");
    assert_eq!(one("62812345678").2, "+62812345678");
}

#[test]
fn original_offsets_survive_normalisation() {
    let text = "hp ０８１２\u{200B}３４５６７８９０ ok";
    let s = &engine().detect(text)[0];
    assert_eq!(&text[s.start..s.end], "０８１２\u{200B}３４５６７８９０");
}

#[test]
fn wallets_and_virtual_accounts() {
    has("VA BCA 88608123456789", "88608123456789", Category::Account);
    has("OVO 081234567890", "081234567890", Category::Phone);
    has(
        "transfer ke rek BCA 1234567890 a.n. Sari",
        "1234567890",
        Category::Account,
    );
    has("norek 123-456-7890", "123-456-7890", Category::Account);
    has("no rek mandiri: 1310012345678", "1310012345678", Category::Account);
    // A regional bank's name of two words, its places no places.
    assert_eq!(
        found(&engine(), "rekening Bank Riau Kepri 1230445678 ya")
            .into_iter()
            .map(|(t, c, _)| (t, c))
            .collect::<Vec<_>>(),
        [("1230445678".to_string(), Category::Account)]
    );
    // The holder's name between "a.n" and the number.
    has(
        "tf ke rek BCA a.n Sri Wahyuni 1234567890 ya",
        "1234567890",
        Category::Account,
    );
    // Whose account the cue says: "-nya", "-ku".
    has(
        "Rekeningnya atas nama Hadi Purnomo, 1481 0092 77.",
        "1481 0092 77",
        Category::Account,
    );
    has("rekeningku 3490771208 ya", "3490771208", Category::Account);
    has(
        "kirim ka rekening BRI ema, atas nama Iyah Rohayati, 0129-01-015532-50-8.",
        "0129-01-015532-50-8",
        Category::Account,
    );
    has("GoPay 0812 3456 7890", "0812 3456 7890", Category::Phone);
}

#[test]
fn nik_and_kk() {
    assert_eq!(one("NIK 3201014506900001").1, Category::IdNumber);
    assert_eq!(one("no KK 3578 0112 0385 0003").2, "3578011203850003");
}

#[test]
fn emails_links_handles() {
    assert_eq!(one("email Sari.Dewi@Gmail.com ya").2, "sari.dewi@gmail.com");
    assert_eq!(one("https://wa.me/6281234567890").2, "wa.me/6281234567890");
    assert_eq!(one("klik wa.me/6281234567890 aja").2, "wa.me/6281234567890");
    assert_eq!(
        one("https://api.whatsapp.com/send?phone=6281234567890").1,
        Category::Link
    );
    assert_eq!(one("join t.me/bungacantik").2, "t.me/bungacantik");
    assert_eq!(
        one("cek https://www.instagram.com/bunga.cantik/ ya").2,
        "instagram.com/bunga.cantik"
    );
    assert_eq!(one("follow @bunga_cantik99").2, "@bunga_cantik99");
    assert_eq!(one("follow @Bunga_Cantik99!").2, "@bunga_cantik99");
}

#[test]
fn michat_ids() {
    assert_eq!(one("id michat: bunga_88").2, "bunga_88");
    assert_eq!(one("MiChat ID sayangku99").2, "sayangku99");
    assert_eq!(one("cari di michat: cewekbdg").2, "cewekbdg");
    assert_eq!(one("ID MiChat: Tasya.Manja").2, "tasya.manja");
    assert_eq!(one("id michat dia hendra_jkt88").2, "hendra_jkt88");
    // A word saying which of her accounts it is comes before the ID.
    assert_eq!(one("ID MiChat cadangan: senjaa_25").2, "senjaa_25");
    assert_eq!(one("ID cadangan: salsa.bna02 (akun lama)").0, "salsa.bna02");
    assert_eq!(one("id mc baru: mawar_22").2, "mawar_22");
    // Whose ID it is, between the cue and the colon.
    has(
        "di Hotel Asri. ID MiChat Wulis: wulis_ngw.",
        "wulis_ngw",
        Category::MichatId,
    );
    // After "ID", a name with capitals inside, as an ID is typed; not a word.
    has(
        "lewat MiChat sejak 2021. ID EuisRangkas.",
        "EuisRangkas",
        Category::Handle,
    );
    has("Ko pu ID RuthManisNBX ganti dulu", "RuthManisNBX", Category::Handle);
    nothing_in(&["foto ID Card saja", "ID KTP hilang"]);
}

#[test]
fn plates_addresses_venues() {
    assert_eq!(one("motornya B 1234 XYZ").2, "B1234XYZ");
    assert_eq!(one("plat AB 123 CD").2, "AB123CD");
    assert_eq!(one("mobil L1234AB").2, "L1234AB");
    has(
        "alamatku Jl. Mawar No. 12 RT 03/RW 05",
        "Jl. Mawar No. 12 RT 03/RW 05",
        Category::Address,
    );
    has("di RT03/RW05 situ", "RT03/RW05", Category::Address);
    has("rumahnya Gg. Kenanga 3", "Gg. Kenanga 3", Category::Address);
    has("Kec. Cibeber", "Kec. Cibeber", Category::Address);
    has(
        "tinggal di Perum Griya Asri Blok C2",
        "Perum Griya Asri Blok C2",
        Category::Address,
    );
    has("nginep di Hotel Melati", "Hotel Melati", Category::Venue);
    has("ketemu di Wisma Bunga kemarin", "Wisma Bunga", Category::Venue);
    has("di Apartemen Kalibata City", "Apartemen Kalibata City", Category::Venue);
    has("kerja di Panti Pijat Sehat", "Panti Pijat Sehat", Category::Venue);
    has("di Guest House Anggrek", "Guest House Anggrek", Category::Venue);
    has("ke Karaoke Inul", "Karaoke Inul", Category::Venue);
    has(
        "Di Lapo Tuak Marsada aja, Jl. Diponegoro",
        "Lapo Tuak Marsada",
        Category::Venue,
    );
}

#[test]
fn a_long_address_is_replaced_whole() {
    // Longer than the address reader takes at once (160 bytes, cut inside the names
    // after "Kel."): the cues before the cut are read again, and the overlapping
    // addresses merge.
    let text = "alamatnya Jl. Mawar No. 12 RT 03 RW 05 Blok C No. 7 Gg. Kenanga No. 9 RT 11 RW 12 \
                Blok D No. 8 Gg. Mawar No. 1 RT 13 RW 14 Kel. Wirasena Wiratama Wirasatya Wiradana \
                Wirayuda Wiraguna ya kak";
    let e = engine();
    let p = pseudonymise(text, &e.detect(text), |s| format!("[{}]", s.category.label()).into());
    assert_eq!(p.text, "alamatnya [ADDRESS] ya kak");
}

#[test]
fn names_and_places() {
    has("tadi ketemu Mas Budi", "Budi", Category::Person);
    has("om hendra baik kok", "hendra", Category::Person);
    has("Kak Tasya udah makan?", "Tasya", Category::Person);
    has("Cik Lingling bilang", "Lingling", Category::Person);
    has("kata siti gitu", "siti", Category::Person);
    has("Budi Santoso datang", "Budi Santoso", Category::Person);
    has("aku di Jakarta Selatan", "Jakarta Selatan", Category::Place);
    has("pindah ke surabaya", "surabaya", Category::Place);
    has("dulu di Tanjung Priok", "Tanjung Priok", Category::Place);
    has("asli Malang", "Malang", Category::Place);
    // Neighbourhoods of cities beyond Java's largest.
    has("kost aku di Tikala, dekat pasar", "Tikala", Category::Place);
    has("anak Jakabaring semua", "Jakabaring", Category::Place);
    // A place in no gazetteer, in capitals after a word that says where.
    has_all(
        Category::Place,
        &[
            ("numpang di rumah acil di Kereng Bangkirai.", "Kereng Bangkirai"),
            ("Inya asli Barus, 19 th", "Barus"),
            ("ST 250 area Taba Jemekeh. LT 600k", "Taba Jemekeh"),
            ("Aku nang Trowulan", "Trowulan"),
            ("Manis skrg di Seketeng, ga pegang HP", "Seketeng"),
            ("Kampung di Woja 3 tahun", "Woja"),
            // A regency's seat, in lower case too.
            ("pulang kampung ke Kasongan, jadi sepi", "Kasongan"),
            ("bisa ke muara bulian / kuala tungkal tp", "kuala tungkal"),
            ("baru di sini. area Oyehe / Kalibobo", "Kalibobo"),
            ("kos di Sanggeng dan Wosi", "Wosi"),
        ],
    );
    // Not a word the lexicons know, a brand or a decoy, nor a capital after another word.
    nothing_in(&[
        "aku liat di Facebook, terus di Instagram, cari di Google",
        "beli di Indomaret, ke Gereja, di Bulan Ramadhan, di Surga",
        "di Rumahnya aja. Kalau di Sana gimana? di Bawah",
        "terus cek di GetContact dulu",
        "Kereng Bangkirai",
    ]);
    // Working names that are also words: capitalised inside a sentence, or after an
    // honorific.
    has("Wktu itu tujuh. Ada Manis, ada Kak Ayu", "Manis", Category::Person);
    has("numpang di rumah acil Imah dulu", "Imah", Category::Person);
    nothing("manis banget, wangi juga. Manis sekali");
    // "dr" without its stop before a place is "dari" (from), no doctor.
    let f = found(&engine(), "ada Halima dr Buton, kita panggil aja");
    assert!(f.iter().any(|(t, c, _)| t == "Buton" && *c == Category::Place), "{f:?}");
    // The same name in two spellings, one canonical.
    let e = engine();
    let a = found(&e, "Mas BUDI");
    let b = found(&e, "mas budi");
    assert_eq!(a[0].2, b[0].2);
}

#[test]
fn labels_greetings_and_reduplicated_words_are_no_names_or_places() {
    // "Jarak" (distance) is also a village; "ati" a given name, "ati-ati" careful;
    // "Sugeng" a given name, "Sugeng rawuh" welcome; "karo" with, Karo a regency.
    nothing_in(&[
        "Umur: 26 | Jarak: 3,1 km",
        "aku luwih ati-ati saiki, Hati-Hati ya",
        "Sugeng rawuh 🙏 Om swastiastu",
        "adikku karo ibukku",
        // A people or its language, not where someone is.
        "Kalau urang Jawa atau dari luar, logat Papua sedikit",
        "orang Toraja, tapi gadis Melayu asli",
    ]);
    has("asal Kabanjahe, Karo, Sumatera Utara", "Karo", Category::Place);
    has("minggu depan ke Jawa", "Jawa", Category::Place);
    has("kerja di Bank Mandiri Gatsu tiap hari", "Gatsu", Category::Place);
    has("Jarak dari Karo jauh", "Karo", Category::Place);
}

#[test]
fn decoys_are_left_alone() {
    nothing_in(&[
        "hari Senin atau Selasa, bulan Mei dan Juli",
        "Monday in December",
        "aku pakai MiChat, WhatsApp, Gojek, Grab, Shopee, Tokopedia, OVO, DANA, GoPay",
        "Instagram, Facebook, TikTok, Telegram, Tinder",
        "bayar lewat BCA aja",
        "Alhamdulillah, Insya Allah, Masya Allah, Astaghfirullah",
        "Allah Tuhan Islam Kristen Lebaran Ramadan",
        "Hari Raya Idul Fitri, Idul Adha",
        "harganya Rp 500.000 atau Rp500rb, 300 ribu, 1,5 juta, 250k",
        "jam 21.30 atau 09:15, jam 9",
        "tanggal 12/03/2024, 12-03-2024, 2024-03-12",
        "umur 23 tahun",
        "2 jam 30 menit",
        "lagi jalan kaki",
        "cari hotel murah",
        "mas mau kemana",
        "pemandangannya indah sekali",
        "malang banget nasibku",
        "Rp 1.500.000",
        "short time 300, long time 1 juta",
    ]);
}

#[test]
fn registered_identifiers_in_all_spellings() {
    let mut known = Known::new(KEY);
    known.insert("Sekar Ayu Ningrum", Category::Person);
    known.insert("0813-9999-8888", Category::Phone);
    known.insert("Mawar Merah", Category::Person);
    let e = Engine::new(known, AllowList::default());
    let f = found(&e, "namanya sekar ayu ningrum, hp +62 813 9999 8888");
    assert_eq!(
        f[0],
        ("sekar ayu ningrum".into(), Category::Person, "sekar ayu ningrum".into())
    );
    assert_eq!(f[1].2, "+6281399998888");
    // Each word of three or more letters on its own.
    let f = found(&e, "Ningrum bilang");
    assert_eq!(f, [("Ningrum".into(), Category::Person, "ningrum".into())]);
    // A registered phone in a spelling the numbering plan would not take.
    let mut known = Known::new(KEY);
    known.insert("081399998", Category::Phone);
    let e = Engine::new(known, AllowList::default());
    assert_eq!(found(&e, "wa 0813 9999 8")[0].2, "+6281399998");
}

#[test]
fn registered_fingerprints_from_the_vault() {
    let k = Known::new(KEY);
    let mut known = Known::new(KEY);
    for fp in k.fingerprints("Dewi Lestari", Category::Person) {
        known.insert_fingerprint(fp, Category::Person);
    }
    let e = Engine::new(known, AllowList::default());
    assert_eq!(found(&e, "kata DEWI  LESTARI")[0].0, "DEWI  LESTARI");
}

#[test]
fn allow_list_spares_heuristic_finds_only() {
    let allow = AllowList::new(["Melati", "Jakarta", "bunga_cantik"]);
    let e = Engine::new(Known::new(KEY), allow);
    let f = found(
        &e,
        "Melati tinggal di Jakarta, ig @bunga_cantik, wa 081234567890, Hotel Melati",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].1, Category::Phone);
}

#[test]
fn an_account_holder_is_a_person() {
    assert_eq!(
        found_as("aku kirim ke rek BRI 4622-69-014039-71-8 a.n. Yuliani Suryadi ya"),
        [
            ("4622-69-014039-71-8".to_string(), Category::Account),
            ("Yuliani Suryadi".to_string(), Category::Person)
        ]
    );
    let f = found(
        &engine(),
        "transfer ke Jago: 136522736205 atas nama Tsania Halim. Cash juga bisa",
    );
    assert_eq!(
        f.last().map(|p| (p.0.as_str(), p.1)),
        Some(("Tsania Halim", Category::Person))
    );
    // A kin word with its suffix is who holds it, not a name: "atas nama kakaknya,
    // Ferdinand Lumi".
    let f = found(&engine(), "uang transport atas nama kakaknya ya");
    assert_eq!(f, []);
}

#[test]
fn the_name_someone_goes_by() {
    for (text, name) in [
        ("kak panggil aku rina ya", "rina"),
        ("namaku dewi, umur 23", "dewi"),
        ("nama gue ganti jadi Kenanga.", "Kenanga"),
        ("nama samaran aku mawar", "mawar"),
        // Javanese and Sundanese.
        ("tamu gendheng. jenenge Sukro, wonge gede", "Sukro"),
        ("nami abdi Euis, umur 24", "Euis"),
        // In quotes, whatever the words; a profile's name up to its emoji.
        ("di MiChat sa pakai nama \"Nona Manis 🥥\". ok", "Nona Manis"),
        ("namanya \"Nur'aini\" di sana", "Nur'aini"),
        ("[SL-03] Nama tampilan: Bunga Desa 🌺", "Bunga Desa"),
        ("Nama tampilan: 🍒 Embun Pagi 🍒", "Embun Pagi"),
        ("Nama tampilan: Tante Sisca 💋 (VIP)", "Sisca"),
    ] {
        let f = found(&engine(), text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1), (name, Category::Person), "{text}");
    }
    nothing_in(&[
        "namanya siapa kak?",
        "nama aku ga penting",
        "ganti jadi 300rb aja",
        "namanya \"x\" aja",
    ]);
    // A form's label at a line's start: a name whatever its words mean.
    has_all(
        Category::Person,
        &[
            ("Kota: Bontang\nNama: Bunga 22th\nUmur: 22", "Bunga"),
            ("Nama: 🍒Manis Manja🍒\nUmur: 23", "Manis Manja"),
            ("Nama lengkap : Cahaya Bulan ✨", "Cahaya Bulan"),
            ("Nama panggilan: Rosma", "Rosma"),
        ],
    );
    nothing_in(&[
        "Nama: P07\nUmur: 22",
        "Nama: (disamarkan)",
        "nama aku: ga penting",
        "Namanya: x",
    ]);
}

#[test]
fn balinese_names_with_their_prefix() {
    let f = found(&engine(), "ngakunya mbak ni luh dari kuta");
    assert_eq!(f.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["ni luh", "kuta"]);
    let f = found(&engine(), "Kemarin I Made Sudarma datang");
    assert_eq!(f.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["I Made Sudarma"]);
}

#[test]
fn a_name_inside_a_place_is_not_extended_over_it() {
    let f = found(&engine(), "info lowongan di lenteng agung, hubungi aku");
    assert_eq!(f, [("lenteng agung".into(), Category::Place, "lenteng agung".into())]);
}

#[test]
fn numbers_typed_to_get_past_a_filter() {
    let plain = one("WA 0819-2233-4455").2;
    for text in [
        "WA: 0819 💋 2233 💋 4455 slow respon",
        "wa nya 0 8 1 9 2 2 3 3 4 4 5 5 kalo mau",
        "nmr aq kosong lapan satu sembilan, dua dua tiga tiga, empat empat lima lima",
        "hp ku o8l9 2233 4455 jgn disebar",
        "nmr nya 0819 dua dua tiga tiga empat empat lima lima 😂",
        // From the country code on, digits written apart in English.
        "nomor: +62 8 one 9 - 2two 3 - 3 four 4 - 5 5",
        "WA : +62 819 two two 33 44 55",
    ] {
        let (_, category, canonical) = one(text);
        assert_eq!((category, canonical), (Category::Phone, plain.clone()), "{text}");
    }
    // A chat line's date and time, and counting, are no number.
    nothing("08/11/22 11.33 - ok");
    nothing("nol satu dua tiga empat lima enam tujuh delapan sembilan");
}

#[test]
fn organisations_landmarks_and_hotel_brands() {
    use Category::{Organisation, Place, Venue};
    for (text, what, category) in [
        ("aku dibantu Yayasan Pelita Musi", "Yayasan Pelita Musi", Organisation),
        ("periksa di Puskesmas Sekip tiap bulan", "Puskesmas Sekip", Organisation),
        ("dulu di SMA Negeri 9 Manado", "SMA Negeri 9 Manado", Organisation),
        ("kerja di PT Samudera Tuna Raya", "PT Samudera Tuna Raya", Organisation),
        (
            "ibadah di GMIT Jemaat Efata Liliba",
            "GMIT Jemaat Efata Liliba",
            Organisation,
        ),
        ("ketemu di Pasar Terong", "Pasar Terong", Place),
        ("nunggu di Simpang Lima aja", "Simpang Lima", Place),
        ("rumahnya di Tanjung Bunga", "Tanjung Bunga", Place),
        (
            "diajak ke Trans Studio Mall Makassar",
            "Trans Studio Mall Makassar",
            Place,
        ),
        ("nginep di Aryaduta", "Aryaduta", Venue),
        ("di favehotel Kuta Square ya", "favehotel Kuta Square", Venue),
        ("di Best Western Premier Panbil", "Best Western Premier Panbil", Venue),
        ("om di Padma Hotel Bandung", "Padma Hotel Bandung", Venue),
        ("pindah ke POP! Hotel. Pernah juga", "POP! Hotel", Venue),
        ("langsung naik ke kamar 207 ya", "kamar 207", Venue),
        ("I waited in room 1103 for him", "room 1103", Venue),
        ("Hotel Santika, terus", "Hotel Santika", Venue),
        ("dia anak UNRI semester 5", "UNRI", Organisation),
        ("kuliah di ugm jurusan hukum", "ugm", Organisation),
        ("mahasiswi ITS ya kak", "ITS", Organisation),
        (
            "dirujuk ke LSM Papua Sehat Mandiri kemarin",
            "LSM Papua Sehat Mandiri",
            Organisation,
        ),
        ("sering di Harper Kuta dan Grand Inna Kuta", "Grand Inna Kuta", Venue),
        ("temenin karaoke di KTV Bintang Timur ya", "KTV Bintang Timur", Venue),
        ("Lokasi: Warkop Cak Sholeh, belakang", "Warkop Cak Sholeh", Venue),
        (
            "di Rumah Pijat Sehat Mahakam (Jl. Pahlawan)",
            "Rumah Pijat Sehat Mahakam",
            Venue,
        ),
        ("kafe di tepi Sungai Martapura", "Sungai Martapura", Place),
        (
            "ditutup dek Satpol PP Kota Pekanbaru.",
            "Satpol PP Kota Pekanbaru",
            Organisation,
        ),
        (
            "diantar visum ke RSUD dr. Moewardi. Di",
            "RSUD dr. Moewardi",
            Organisation,
        ),
        ("dirawat di RS Dr. Sardjito kemarin", "RS Dr. Sardjito", Organisation),
        (
            "also call Komnas Perempuan re: referral",
            "Komnas Perempuan",
            Organisation,
        ),
        (
            "the shelter (Panti Sosial Bina Karya Harapan) took her",
            "Panti Sosial Bina Karya Harapan",
            Organisation,
        ),
        (
            "dulu mengelola Karaoke Bintang Lima di Jl. Agus Salim",
            "Karaoke Bintang Lima",
            Venue,
        ),
    ] {
        has(text, what, category);
    }
    // The same words as ordinary speech: lower case after the cue, a pronoun, a
    // sentence's first word before "Hotel".
    nothing_in(&[
        "aku ke pasar pagi, terus di terminal nunggu bis",
        "kirim CV Anda ke email",
        "yayasan itu bagus",
        "kamar mandi nya di luar, kamar ku kecil",
        // A whole-word cue whose stop ends the sentence; a kind of hotel.
        "Sa tra mau di kos. Pemilik kos galak",
        "Ojo hotel gede. Aku senengane hotel melati ae, sing",
        // Words, not names or places: a sentence after "Kak.", a commodity after
        // "bos", a word doubled by a "2", a school after which a sentence ends.
        "Makasih udah mau ketemu, Kak. Enaknya dipanggil apa?",
        "Terakhir, ada yang mau Kakak sampaikan?",
        "orangnya bos timah, aman. Ada bos sawit juga",
        "yg mau jalan2 chat aja",
        "masih SMA. Wajahnya cantik",
        "Rolas iku siji loro lho mbak. Utawa IG jarang tak buka",
        "Harga kamar Rp 120.000 3 jam",
        "Om Swastyastu semeton 🙏 Tampi asih",
        // How many rooms a boarding house has.
        "Kos 8 kamar, sebagian penghuni mahasiswi",
        // What a room costs or measures.
        "sementara di kos, kmr 90rb/malam. capek",
        "cari temen kos, kmr 3x4, 800rb/bln",
        // A Balinese feast named like a regency.
        "razia menjelang Galungan dan Kuningan.",
        // An acronym that is also a word or an abbreviation counts only in capitals.
        "its price went up, and Its colour",
        // A star rating is a class of hotel.
        "No nego, hotel bintang 3 min (yg bersih)",
        "maunya di hotel bintang lima",
        // A stop after a cue that is a whole word ends the sentence: prices follow.
        "dkt mall. ST 350 LT 900. wa aja",
    ]);
    // A clock time after a landmark's name is no part of it.
    has("Tiba di Stasiun Tugu 06.40. Dijemput", "Stasiun Tugu", Place);
    has("ketemu di Pasar Terong 9:30 ya", "Pasar Terong", Place);
    let f = found(&engine(), "Kemarin Hotel Melati penuh");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "Hotel Melati");
}

#[test]
fn foreign_numbers_in_a_line() {
    for (text, number) in [
        ("kakakku di KL, WA dia +60 12-348 7719 kalo urgent", "+60 12-348 7719"),
        ("agent in Hong Kong: +852 6012 3398.", "+852 6012 3398"),
        ("nomor singapur +65 9123 4470 jgn disebar", "+65 9123 4470"),
    ] {
        has(text, number, Category::Phone);
    }
    // A sum and a change of temperature are no number.
    nothing("naik +15 derajat, harga +500 ribu");
}

#[test]
fn usernames_without_their_at() {
    for (text, handle) in [
        (
            "lewat mchat aja, id aq neng_manis88 tp sering kena banned",
            "neng_manis88",
        ),
        ("yg lama nengmanis.jkt udh ke blokir", "nengmanis.jkt"),
        ("skrg pake akun cintaa_kamu07", "cintaa_kamu07"),
        ("mi chat aq yg lama dinda.manja udh gk aktif", "dinda.manja"),
        ("line aq rinaa23 kalo gk bisa wa", "rinaa23"),
        ("ig: chaca__chaw rate di dm", "chaca__chaw"),
        ("ig ku ayyukartika kak", "ayyukartika"),
        ("username betawi_asli_22, bio", "betawi_asli_22"),
        ("yg baru rina_manis kak", "rina_manis"),
        ("cari aja ID naylajogja", "naylajogja"),
        ("ig nadya_btg.real · line: nadyabtg", "nadyabtg"),
        ("snapchat rinasnap, discord rinadc", "rinasnap"),
        ("snapchat rinasnap, discord rinadc", "rinadc"),
        // Minang "-nyo" for "-nya".
        ("Kalau MiChat, ID-nyo putriminang88.", "putriminang88"),
    ] {
        has(text, handle, Category::Handle);
    }
    // Written with or without its '@', one username is one tag.
    assert_eq!(one("ig ku ayyukartika").2, one("ig ku @ayyukartika").2);
    // A missing space, a file, an abbreviation glued to its word, a time, an e-mail's
    // local part, and the cue words in their ordinary sense.
    nothing_in(&[
        "ok.makasih kak",
        "foto.jpg dikirim",
        "quotes.md.age",
        "wawancara_p01.docx",
        "age_band",
        "DP dulu ke [PHONE_1] ya, [PERSON_12]",
        "jam.10 ya",
        "line aq putus",
        "akun aq diblokir",
        "id nya apa kak",
        "id aku kemarennn",
    ]);
    assert_eq!(one("Jl.Mawar no 5").1, Category::Address);
    assert_eq!(one("email budi.santoso@gmail.com").1, Category::Email);
}

#[test]
fn a_word_between_the_bank_and_the_account() {
    for (text, account) in [
        ("kirim 1,5jt ke rek BRI emak 0341-01-012345-50-7", "0341-01-012345-50-7"),
        ("lewat bank sulselbar 150-202-0000123-4", "150-202-0000123-4"),
        ("jago aq 1088 2233 4455 kalo bca lg offline", "1088 2233 4455"),
        // Not the landline 0341 (Malang) that its first groups spell.
        ("bri aq 0341 0101 2345 503 ya beb", "0341 0101 2345 503"),
        // Small words of speech between them.
        ("Rekening BSI jg ada, 7145 223 908, atas nama", "7145 223 908"),
        (
            "tak transfer nang BRI sampeyan sing 3125-01-029871-53-2 an Nanik",
            "3125-01-029871-53-2",
        ),
    ] {
        has(text, account, Category::Account);
    }
    // Two words that are no filler end the search: "bca" here is no cue of the number.
    nothing("bca tutup hari ini jam 123456");
}

#[test]
fn an_account_after_whose_it_is_or_before_its_holder() {
    has_all(
        Category::Account,
        &[
            // More words, if a colon ends them.
            ("Rekening BCA mah pinjem nu teh Yeni: 3490 7712 08 ya", "3490 7712 08"),
            (
                "Atau Bank Nagari punyo Etek Nur: 1001.0210.44781. GoPay indak",
                "1001.0210.44781",
            ),
            (
                "BRI punya kaka laki-laki Ferdinand Wanma: 4455 0102 2378 537.",
                "4455 0102 2378 537",
            ),
            // A number before "a.n." needs no bank: not the landline "0211 4567 8" inside.
            (
                "pakai punya pacar: 0023 0211 4567 8 a.n. Yohanes Parera",
                "0023 0211 4567 8",
            ),
            ("transfer ke 7710 2231 09 an Sri Wahyuni ya", "7710 2231 09"),
        ],
    );
    // Without the colon the words end the search; a NIK before a name stays a NIK;
    // a short number before "a.n." is none.
    nothing_in(&["BCA mah pinjem nu teh kemarin 3490 7712 08", "kode 123456 a.n. panitia"]);
    has(
        "NIK 3318115203960004 a.n. Sri Lestari",
        "3318115203960004",
        Category::IdNumber,
    );
    has("DANA 0812 3456 7890 a.n. Rina", "0812 3456 7890", Category::Phone);
}

#[test]
fn a_mobile_number_cut_short_or_masked() {
    for (text, number, canonical) in [
        ("Nu heubeul mah 0857 2190… sesana poho", "0857 2190…", "+6285721 90…"),
        ("nomor lama 0813-2244-7... udah mati", "0813-2244-7...", "+6281322447…"),
        // Spelled, and cut short as the one above it: the same key as in digits.
        (
            "\"nol delapan lima tujuh, dua satu sembilan nol...\" gitu",
            "nol delapan lima tujuh, dua satu sembilan nol...",
            "+6285721 90…",
        ),
        ("nomornya 0857 30 . . . lupa", "0857 30 . . .", "+6285730…"),
        ("Nomor lamo 0812-6630-88xx, lah mati", "0812-6630-88xx", "+62812663088"),
        ("hp lama +62 857 21**-**** ga aktif", "+62 857 21**-****", "+6285721…"),
        // Masked in groups, or between digits; only the digits before the mask key it.
        ("WA 0823-9xxx-xxxx (minta di chat)", "0823-9xxx-xxxx", "+628239…"),
        ("nomor Papua 0811-48xx-xxxx.", "0811-48xx-xxxx", "+62811 48…"),
        ("| pemilik kos | 0821-4530-xxxx | Kos", "0821-4530-xxxx", "+628214530…"),
        (
            "Habis tu nomornyo 0852-6633-1x1x mati",
            "0852-6633-1x1x",
            "+6285266331…1…",
        ),
        // Masked in the middle: the digits after the mask key it too.
        ("Nomor dia 0812-xxxx-3371, sa lupa", "0812-xxxx-3371", "+62812…3371"),
    ] {
        let f = found(&engine(), text);
        assert!(
            f.iter()
                .any(|(t, c, k)| t == number && *c == Category::Phone && k == &canonical.replace(' ', "")),
            "{text}: {f:?}"
        );
    }
    // Not a mobile's start, or too few digits; a price's zeros are no mask.
    nothing_in(&[
        "kode 1234 5678… di struk",
        "jam 08.30... baru buka",
        "harga 250xx ribu",
        "ukuran 0812 xxl",
        "kode 0812-xx",
    ]);
}

#[test]
fn a_mistyped_cue_still_cues() {
    for (text, what, category) in [
        ("id michta ku ketut1956 itu intel", "ketut1956", Category::MichatId),
        ("add mcihat id : xxanggrainixx", "xxanggrainixx", Category::MichatId),
        ("mchat: cantiq.jkt", "cantiq.jkt", Category::MichatId),
        (
            "kak bsa add mchatku ayunda_sexyy yg ini",
            "ayunda_sexyy",
            Category::MichatId,
        ),
        ("ke tf ke prmata 3614448180 aj kak", "3614448180", Category::Account),
        ("tranfer ke 4503823467 ya", "4503823467", Category::Account),
    ] {
        has(text, what, category);
    }
    // Alone, a mistyped "michat" is the app, as "michat" is: what follows is no ID.
    nothing("udah gak main mcihat lagi");
    // A bank mistyped is a cue, not the given name that the bank's name also is.
    nothing("prmata tutup hari minggu");
}

#[test]
fn streets_venues_and_rooms_and_vehicles_in_lower_case() {
    use Category::{Address, Plate, Venue};
    for (text, what, category) in [
        (
            "ready di Hotel Amaris Mangga Besar, kmr 308 sampe jam 4",
            "Hotel Amaris Mangga Besar, kmr 308",
            Venue,
        ),
        (
            "ke apt. mediterania garden 2 tower h 21AH ya",
            "apt. mediterania garden 2 tower h 21AH",
            Venue,
        ),
        // A small word is no block's letter.
        (
            "Lokasi: Kost Putri Pelangi (kmr di lt 2, yg serius aja)",
            "Kost Putri Pelangi",
            Venue,
        ),
        (
            "aq di apartemen kalibata city tower flamboyan lt 9 kak",
            "apartemen kalibata city tower flamboyan lt 9",
            Venue,
        ),
        ("di Hotel Melati lt dasar", "Hotel Melati", Venue),
        // A tower's unit whole: cut at its dash, the floor would be left.
        (
            "rents a unit (tower Jasmine 17-09). Possible",
            "tower Jasmine 17-09",
            Venue,
        ),
        (
            "kalibata city twr jasmine unit 17-09 jam 21.30",
            "twr jasmine unit 17-09",
            Venue,
        ),
        (
            "aq di apart mangga dua square, lt 3",
            "apart mangga dua square, lt 3",
            Venue,
        ),
        (
            "jemput di jl nusantara RT 10 RW 14, Kel. Kamal",
            "jl nusantara RT 10 RW 14, Kel. Kamal",
            Address,
        ),
        ("rumahnya jl merdeka no 5", "jl merdeka no 5", Address),
        (
            "bertemu di hotel (Jl. A. Yani km 4,5) atau",
            "Jl. A. Yani km 4,5",
            Address,
        ),
        (
            "di Jl. Ahmad Yani Km. 36 No. 5, ya",
            "Jl. Ahmad Yani Km. 36 No. 5",
            Address,
        ),
        (
            "aq pindah ke jl raden saleh No.126 rt 6 rw 6, klo mau main",
            "jl raden saleh No.126 rt 6 rw 6",
            Address,
        ),
        ("mobil dd 5012 mo itu polisi", "dd 5012 mo", Plate),
        ("dia jemput pakai motor, db 98 n, aku foto", "db 98 n", Plate),
    ] {
        has(text, what, category);
    }
    // One venue is one tag, whatever room follows it.
    assert_eq!(
        one("di apart mangga dua square, lt 3").2,
        one("di apart mangga dua square").2
    );
    // "jl" is also "walk"; "dua malam" is how long; "motor b aja" no plate.
    nothing_in(&[
        "aq jl kaki aja",
        "udah jl? jl bareng yuk",
        "nginep di hotel dua malam",
        "naik motor b aja",
        "ktv nya rame, panti sosial itu jauh",
        // "km" is "kamu" outside an address, a title's stop ends a sentence.
        "km 2 orang? jarak 3 km dari sini",
        "ke rs dr. itu",
        // A kind of place, not a name: a budget hotel, a boarding house for women.
        "mending nang hotel melati, murah",
        "Kos putri, Mas, wong lanang gak oleh mlebu",
        "ngekos di kost harian aja",
    ]);
}

#[test]
fn overlapping_finds_resolve_to_the_structured_one() {
    let f = found(&engine(), "email budi@gmail.com");
    assert_eq!(f, [("budi@gmail.com".into(), Category::Email, "budi@gmail.com".into())]);
    let f = found(&engine(), "wa.me/6281234567890");
    assert_eq!(f.len(), 1);
}

#[test]
fn suspicious_tokens() {
    let e = engine();
    let text = "Kemarin Xandrina datang, kode 12345678, harga 500.000. Budi juga";
    let spans = e.detect(text);
    let s: Vec<&str> = e
        .suspicious(text, &spans)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect();
    assert_eq!(s, ["Xandrina", "12345678"]);
    let allow = AllowList::new(["xandrina"]);
    let e = Engine::new(Known::new(KEY), allow);
    assert!(e.suspicious("Xandrina", &[]).is_empty());
}

#[test]
fn pseudonymise_detected_text() {
    let e = engine();
    let text = "Mbak Sari 😘 WA 0812-3456-7890";
    let spans = e.detect(text);
    let p = pseudonymise(text, &spans, |s| format!("[{}_1]", s.category.label()).into());
    assert_eq!(p.text, "Mbak [PERSON_1] 😘 WA [PHONE_1]");
    assert_eq!(p.spans.len(), 2);
}

#[test]
fn pathological_inputs_finish() {
    let e = engine();
    let inputs = [
        "9".repeat(1 << 20),
        "a@".repeat(1 << 19),
        "a.".repeat(1 << 19),
        "0812 ".repeat(1 << 18),
        "Jl. ".repeat(1 << 18),
        "Mas ".repeat(1 << 18),
        "@".repeat(1 << 20),
        "http://".repeat(1 << 17),
        "+(".repeat(1 << 19),
    ];
    for input in &inputs {
        let t = std::time::Instant::now();
        let spans = e.detect(input);
        e.suspicious(input, &spans);
        assert!(t.elapsed().as_secs() < 20, "{:?}… took {:?}", &input[..8], t.elapsed());
    }
}

fn check_spans(text: &str, spans: &[Span]) {
    let mut last = 0;
    for s in spans {
        assert!(s.start < s.end && s.end <= text.len(), "{s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{s:?}");
        assert!(s.start >= last, "sorted, non-overlapping: {spans:?}");
        last = s.end;
    }
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[0-9 +().-]{0,40}",
        "[a-zA-Z0-9@._:/ -]{0,40}",
        Just("0812-3456-7890 ".to_owned()),
        Just("Jl. Mawar No. 5 ".to_owned()),
        Just("Mas Budi ".to_owned()),
        Just("\u{200B}\u{FEFF}\u{00A0}０８１２ｅ\u{0301}".to_owned()),
        Just("id michat: ".to_owned()),
        Just("Hotel ".to_owned()),
        "[0-9]{10,200}",
        // Digit groups of any length with the separators the number readers split
        // on (a long group where a date's month stands overflowed once).
        "([0-9]{1,20}[-./: ]?){1,6}",
        "(Mas|Mbak|Pak|Bu|Kak|Om) [A-Z][a-z]{0,10} ?",
        "(rek|BCA|no|RT|RW|Gg\\.|Kec\\.|Hotel|wa\\.me/) ?[0-9]{0,18} ?",
        // Where the scan jumps past words (numbers, links, handles, plates, decoys
        // of several words), ending inside a word or not, next to capitals and long
        // numbers that the suspicious-token pass reads.
        "(https?://|www\\.)?[a-z]{1,8}\\.(com|id)[A-ZÉa-z0-9]{0,6} ?",
        "[@+(]?[0-9]{2,14}[A-ZÉa-z]{0,5}[0-9]{0,7} ?",
        "(Idul Fitri|Hari Raya|Jl\\. Sudirman|B [0-9]{1,4} [A-Z]{1,3}|@[A-Za-z_]{1,12}) ?",
        "[A-ZÉ][a-zé]{1,9}[0-9]{0,8} ?",
        // Numbers typed to get past a filter: spelled, split by emoji, letters for digits.
        "((nol|kosong|zero|o8l|wolu|satu|08|[0-9]{1,4})[ ,•/💋\n]{0,3}){1,16}",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn detect_and_suspicious_hold_their_contract(text in arbitrary_text(), before in arbitrary_text()) {
        let mut known = Known::new(KEY);
        known.insert("Budi Santoso", Category::Person);
        known.insert("0812-3456-7890", Category::Phone);
        let e = Engine::new(known, AllowList::new(["mawar"]));
        let spans = e.detect(&text);
        check_spans(&text, &spans);
        let suspicious = e.suspicious(&text, &spans);
        for s in &suspicious {
            prop_assert!(s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        // The importer's one call gives what the two give.
        let (both_spans, both_suspicious) = e.detect_and_suspicious(&text);
        prop_assert_eq!(&both_spans, &spans);
        prop_assert_eq!(&both_suspicious, &suspicious);
        // So does it into vectors that held another text's findings.
        let (mut reused_spans, mut reused_suspicious) = e.detect_and_suspicious(&before);
        e.detect_and_suspicious_into(&text, &mut reused_spans, &mut reused_suspicious, &mut Vec::new());
        prop_assert_eq!(&reused_spans, &spans);
        prop_assert_eq!(&reused_suspicious, &suspicious);
        let p = pseudonymise(&text, &spans, |s| format!("[{}]", s.category.label()).into());
        let out: Vec<char> = p.text.chars().collect();
        let input: Vec<char> = text.chars().collect();
        for (r, s) in p.spans.iter().zip(&spans) {
            prop_assert_eq!(out[r.out_start..r.out_end].iter().collect::<String>(), r.replacement.to_string());
            prop_assert_eq!(input[r.start..r.end].iter().collect::<String>(), text[s.start..s.end].to_owned());
        }
    }
}

/// Text where the names a file taught stand: senders' short forms after an
/// exclamation or before a mark, next to chars of several bytes.
fn text_with_learned_names() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        arbitrary_text(),
        "(\n|: |é|🌸| )?(Waduh|Astaga|halo|é|🌸)? ?(rin|njar|Ronggur|zelkowi|ronggurnya)[ ,.!?🌸é]{0,2}",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn learned_names_are_found_on_the_texts_char_boundaries(text in text_with_learned_names()) {
        let mut learned = Learned::new();
        learned.learn_sender("Rini 🌸");
        learned.learn_sender("Anjar");
        learned.learn_name("Ronggur Zelkowi");
        let e = Engine::new(Known::new(KEY), AllowList::new([]));
        let (mut spans, mut suspicious, mut candidates) = (Vec::new(), Vec::new(), Vec::new());
        e.detect_and_suspicious_into(&text, &mut spans, &mut suspicious, &mut candidates);
        let mut found = Vec::new();
        e.learned_mentions(&learned, &text, &candidates, &mut found);
        for s in &found {
            prop_assert!(s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            prop_assert_eq!(s.category, Category::Person);
        }
    }
}

#[test]
fn english_titles_are_honorifics_before_a_name_not_before_any_word() {
    // In English text these titles are nouns and verbs too: the lower-case word after
    // them is mostly none of a name.
    nothing_in(&[
        "my brother went home yesterday",
        "her uncle asked for money",
        "I miss going out at night",
        "the boss wants more money",
        "ask the pastor about it",
        "my aunt lives there",
        "the mayor asked them to leave",
    ]);
    has_all(
        Category::Person,
        &[
            ("Uncle Bob came twice", "Bob"),
            ("then Sister Agnes called", "Agnes"),
            ("kata sister yuliana", "yuliana"),
            // An Indonesian honorific still takes a lower-case word in no lexicon.
            ("kata om zelkowi", "zelkowi"),
            // Ranks name the officer.
            ("yang tangkap Bripka Zelkowi Putra", "Zelkowi Putra"),
            ("kata kompol zelkowi", "zelkowi"),
            // Eastern "Kaka", Banjar "Acil", "Hj." before the name, not names themselves.
            ("I: Kaka Ana, keluarga tahu?", "Ana"),
            ("ketemu Ibu Hj. Normasari kemarin", "Normasari"),
            ("acil ipah udah pulang", "ipah"),
        ],
    );
}

#[test]
fn name_particles_and_boru_stay_with_the_name() {
    has_all(
        Category::Person,
        &[
            ("ketemu Lalu Fathurrahman di pasar", "Lalu Fathurrahman"),
            // The stop of "a.n." opens no sentence.
            ("BRI 4578-01-017722-50-9 a.n. Lalu Ahmad Juaini.", "Lalu Ahmad Juaini"),
            ("DANA ready 0812 9055 3318 a.n Meiske R.\nMomen", "Meiske R."),
            ("Tiang Gusti Ayu dr Polres", "Gusti Ayu"),
            ("lengkapnya Rosmawati br. Sitorus, tapi", "Rosmawati br. Sitorus"),
            ("nama La Ode Rahmat org sana", "La Ode Rahmat"),
            ("pengelola Raden Ajeng Sri Mulyani datang", "Raden Ajeng Sri Mulyani"),
        ],
    );
    // "Lalu" opening a sentence is "then"; "lalu" is always "then".
    has("Lalu Budi pergi ke pasar.", "Budi", Category::Person);
    has("terus lalu Budi pergi", "Budi", Category::Person);
}

#[test]
fn regional_kin_terms_and_ko_are_honorifics() {
    has_all(
        Category::Person,
        &[
            ("kabur ka imah Ceu Popon, nu jualan", "Popon"),
            ("Sudah tu Etek Ros nan manjamin", "Ros"),
            ("Mamiq Sahnan nanya", "Sahnan"),
            ("rumah Opung Saur di sana", "Saur"),
            ("tanta Ester pung rumah", "Ester"),
            ("kata ko Afung kemarin", "Afung"),
        ],
    );
    // Eastern "ko" is "you": only a capitalised name that is no place follows it.
    // Sundanese "ka" is "to": "ka imah" is going home.
    nothing_in(&[
        "ko mau ke mana? ko pigi sudah",
        "Abdi balik ka imah heula",
        "mama bilang jangan",
    ]);
    has("boleh ka rina, besok ya", "rina", Category::Person);
    has("dari ka kemynka, temen km", "kemynka", Category::Person);
    has("Ko Sorong kapan?", "Sorong", Category::Place);
}

#[test]
fn four_digits_after_a_word_for_a_numbers_end_are_a_phone() {
    has_all(
        Category::Phone,
        &[
            ("langganan, ujungna 4470, teu kedah disebut", "4470"),
            ("nomere beda, ujunge 5521", "5521"),
            ("WA ujung 3307 | Pantai", "3307"),
            ("Kini inyo lah ganti, ujuangnyo 0031 kalau ndak salah", "0031"),
            ("pakai nomor orang, ujungnya 7712.", "7712"),
        ],
    );
    // Amounts, counts and other lengths are not.
    nothing_in(&[
        "ujungnya 1500 ribu juga",
        "ujung 2024 tahun lalu",
        "ujungnya 450 aja",
        "sampai 4470 kali",
    ]);
}

#[test]
fn kilometre_marks_a_form_after_a_list_mark_and_fillers_before_a_handle() {
    has_all(
        Category::Place,
        &[
            ("GPS diset dekat pelabuhan lalu Km 10.", "Km 10"),
            ("Malam ini sa di Km 12 dekat pasar", "Km 12"),
        ],
    );
    nothing_in(&["jaraknya 7 Km 10 menit lagi", "jarak 2 km dari sini"]);
    has("[06] Nama: Ester\nID: 123", "Ester", Category::Person);
    has("(5) Nama: Wulan 🌙\n    ID: wulan_tampan", "Wulan", Category::Person);
    has(
        "IG aya, bungapriangan_, tapi dikonci.",
        "bungapriangan_",
        Category::Handle,
    );
    // "I" in a regional language, between the platform and the handle.
    for (text, handle) in [
        ("IG abdi @imas.geulis_grt, tapi tos di-private", "abdi"),
        ("kalau mau promo tiktok ngai @apin.sgw ye", "ngai"),
    ] {
        let f = found(&engine(), text);
        assert!(f.iter().all(|(t, _, _)| t != handle), "{text}: {f:?}");
        assert!(f.iter().any(|(_, c, _)| *c == Category::Handle), "{text}: {f:?}");
    }
}

#[test]
fn a_boarding_houses_owner_is_part_of_its_name_and_a_new_one_is_none() {
    has_all(
        Category::Venue,
        &[
            ("cari kos ko Afung di belakang", "kos ko Afung"),
            ("tinggal di kos bu Endang dulu", "kos bu Endang"),
        ],
    );
    nothing_in(&["lagi cari kos baru, yang murah", "pindah dari hotel lama"]);
}

#[test]
fn districts_are_places_in_capitals_and_begin_places_after_a_locative() {
    has_all(
        Category::Place,
        &[
            // Districts (kecamatan) the regencies' list lacks.
            (
                "Dulu lon di Langsa, terus pindah ke Banda Sakti ikut kawan",
                "Banda Sakti",
            ),
            ("tinggal di Natar, dekat bandara", "Natar"),
            // The first word of a district's name, and then another place.
            ("Kini ngekos di Lubuak Buayo, dakek puskesmas", "Lubuak Buayo"),
        ],
    );
    // A district that is also a word counts only in capitals; as a street's name it is
    // the street's.
    nothing_in(&["makan sawo di teras", "ke pesantren tiap hari"]);
    has("kos di gg. sawo seturan", "gg. sawo seturan", Category::Address);
}

#[test]
fn a_nickname_or_a_real_name_given_beside_another_is_a_name() {
    has_all(
        Category::Person,
        &[
            ("Mas Rudi Hartanto alias \"Gondrong\", tukang ojek", "Gondrong"),
            ("Bio: aslinya Jayanti 😅 bukan org sini", "Jayanti"),
            ("Bank Nagari, atas namo Yusnidar, itu namo amak ambo", "Yusnidar"),
            ("nama aslinya Siti Rahma", "Siti Rahma"),
        ],
    );
    // "alias" is also "that is".
    nothing_in(&["gratis alias ga bayar"]);
}

#[test]
fn words_of_jambi_banjar_and_manggarai_speech_and_what_ends_a_name() {
    has_all(
        Category::Person,
        &[
            ("Bung Benny memperkenalkan saya", "Benny"),
            ("dijemput Kae Nardi dari bandara", "Nardi"),
            ("Ading Rina: iya ka", "Rina"),
        ],
    );
    has(
        "ditangkap Polresta Jambi 2022, tapi",
        "Polresta Jambi",
        Category::Organisation,
    );
    has("ada tentara dari Kodim 1801 juga", "Kodim 1801", Category::Organisation);
    has_all(
        Category::Place,
        &[
            ("Susan kerja dekat Lingkaran Brawijaya, ya", "Lingkaran Brawijaya"),
            ("Amak tingga di Jorong Tanjuang Haro, dakek", "Jorong Tanjuang Haro"),
            ("dekat TPI Bajomulyo pada bulan puasa", "TPI Bajomulyo"),
        ],
    );
    nothing_in(&["ke kebun dulu, kebun sawit", "Bank Nagari Cabang baru buka"]);
    // A place's name goes on over an ordinary word in capitals, not over a word of
    // speech or a decoy.
    has_all(
        Category::Place,
        &[
            ("mambawa ambo ka Padang Luar, sudah tu", "Padang Luar"),
            ("di Padang Juga ada", "Padang"),
            ("Tinggal di Medan Senin lalu", "Medan"),
        ],
    );
    let f = found(&engine(), "TikTok jugo ado, @dara.sipin_, isinyo joget");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0.as_str(), f[0].1), ("@dara.sipin_", Category::Handle));
    nothing_in(&[
        "Bayarnyo cak mano?",
        "Dio pegang kami limo urang di sini",
        "sopir batu bara dari sana",
        "Ujang namonyo, kelas 5 SD. Bukan budak ujang biaso",
        "di sana, kamar 150 ribu tamu yang bayar",
        "CATATAN LAPANGAN CL-TL-07",
        // "-an" after a number is a suffix, no holder's cue.
        "pas habis gajian, tanggal 2019-07-21-an gitu",
        "rame tanggal 20210716an gitu",
    ]);
}

#[test]
fn banjar_cirebon_and_malay_names_after_their_words_for_i_name_and_kin() {
    has_all(
        Category::Person,
        &[
            // Regional words for "I" before a name in capitals.
            ("P04: Ulun Rusmilawati, umur 30", "Rusmilawati"),
            ("Unda Zubaidah, asal Kandangan", "Zubaidah"),
            ("Kamek Dayang, tinggal di sini", "Dayang"),
            // "name" and "called" in Banjar and Javanese.
            ("tamu ngaran Zulfikri, ngaku polisi", "Zulfikri"),
            ("transfer atas jeneng Warsidah", "Warsidah"),
            ("dikiyau Imah lawan kawan", "Imah"),
            ("jeneng lengkape Darsono Wiryo, omahe adoh", "Darsono Wiryo"),
            // Kin words as honorifics.
            ("laki inya, Paman Jaenal, rancak minta", "Jaenal"),
            ("Biyen Mang Darsim sing ngatur", "Darsim"),
            ("terus Yayu Karmini ngajari", "Karmini"),
            ("ditakuni lawan Datu Salbiah", "Salbiah"),
            // A Hakka nickname, and a given name opening Banjar names.
            ("eh A Fong tamu dari Sambas", "A Fong"),
            ("Kawan ulun Nor Halimah kana tangkap", "Nor Halimah"),
        ],
    );
    // After a word for "I" or "name", a word in lower case is what the speaker does
    // or what the name is.
    nothing_in(&[
        "ulun bulik ka rumah",
        "kamek ade dua akun",
        "sambat ngaran panggilan haja",
        "ngaran bubuhan pian disamarkan",
        "abang follow ya",
        "koh stay where?",
        "Kaka pasang foto dulu",
        "ada tamu, saye tak mau",
    ]);
}

#[test]
fn a_name_goes_on_over_a_closing_word_initials_and_hyphens() {
    has_all(
        Category::Person,
        &[
            // A surname that is also a word, closing the name before a stop or a comma.
            ("yang memeriksa Aipda Yoseph Hitam. HP diperiksa", "Yoseph Hitam"),
            ("kadang Melati Timur, kadang yang lain", "Melati Timur"),
            // North Maluku's "Hi." before the father's name.
            ("nama asli Rahmawati Hi. Sangaji, umur 30", "Rahmawati Hi. Sangaji"),
        ],
    );
    // Not over a word that goes on in the sentence, nor at a sentence's start.
    has("ketemu Melati Timur sekali", "Melati", Category::Person);
    has_all(
        Category::Organisation,
        &[
            (
                "penyuluhan di Masjid Al-Hidayah Sungai Jawi, sebelum",
                "Masjid Al-Hidayah Sungai Jawi",
            ),
            (
                "Min 21/01 | Gereja GMIH Efrata Soa-Sio | Ibu",
                "Gereja GMIH Efrata Soa-Sio",
            ),
            (
                "dirawat di RSUD Dr. R. Sosodoro Bojonegoro. Kemungkinan",
                "RSUD Dr. R. Sosodoro Bojonegoro",
            ),
            (
                "Rujukan ke RSUD Prof. Dr. W. Z. Johannes untuk HIV.",
                "RSUD Prof. Dr. W. Z. Johannes",
            ),
        ],
    );
    has(
        "Losmen Pantai Batu-Batu, Galela",
        "Losmen Pantai Batu-Batu",
        Category::Venue,
    );
    // A hyphen before a word in lower case joins no name ("Hotel Indah-nya"), but
    // the word doubled does, under the name's own tag.
    has("di Hotel Indah-nya aja", "Hotel Indah", Category::Venue);
    assert_eq!(
        one("di Hotel Indah-indah aja"),
        ("Hotel Indah-indah".into(), Category::Venue, "hotel indah".into())
    );
    has_all(
        Category::Place,
        &[
            ("melu acara ning Keraton Kasepuhan, terus", "Keraton Kasepuhan"),
            ("sopir proyek Kilang Balongan.", "Kilang Balongan"),
        ],
    );
    // An honorific after a venue's word with no name after it is the person spoken to.
    nothing("ST 350rb om, Hotel om yang bayar ye");
    // A tab parts a table's cells: no name, venue or address goes on over one.
    let row = "Sen 5 Agu\tKel. Bitung Barat\tBu Stefani Wowor, P51\tGereja Sion Girian\tOpa Hein Wuisan";
    let cells = [
        ("Kel. Bitung Barat", Category::Address),
        ("Stefani Wowor", Category::Person),
        ("Gereja Sion Girian", Category::Organisation),
        ("Hein Wuisan", Category::Person),
    ];
    assert_eq!(found_as(row), cells.map(|(t, c)| (t.to_string(), c)));
    // The town after a venue in a table's cell, a word in no lexicon.
    has(
        "Sel 16/01 | Kos Cempaka Indah, Gamalama | Sartika",
        "Gamalama",
        Category::Place,
    );
    // A profile's name: a word in no lexicon before a given name that is also a word.
    has("Nama di sana Sasando Manis, ID lain", "Sasando Manis", Category::Person);
}

#[test]
fn nicknames_in_brackets_names_called_and_kin_of_the_east() {
    has_all(
        Category::Person,
        &[
            // A nickname in brackets after the name.
            ("Nona Stefani Wowor (\"Fani\"), P51 | Ketemu", "Fani"),
            ("ketemu Vivian Makal (Vivi), P53", "Vivi"),
            // A name called where a message opens.
            ("[3/12/24, 9:15:02 PM] Kak Nita: Yulin, sia masih bangun?", "Yulin"),
            ("[10:02] Mbak Nunung: Ranti, mbok aja gelem", "Ranti"),
            // Minahasa, Batak and Balinese kin words and titles.
            ("Opa Hendrik Wuisan, Oma Dortje, ibadah", "Dortje"),
            ("Ada Tulang Marasaban, pedagang salak", "Marasaban"),
            ("nama kerja \"Gek Mirah\", asli Jember", "Mirah"),
        ],
    );
    // Not a role in brackets, nor a word drawn out or in capitals where a message
    // opens, nor "tulang" in lower case.
    let f = found(&engine(), "Pewawancara: Nurhayati (Peneliti)\nPeneliti: Makasih");
    assert_eq!(f.len(), 1, "{f:?}");
    nothing_in(&[
        "P12: Iyaa, nanti aku kabari",
        "P12: YUL, JANGAN KELUAR",
        "Greetings, emoji, terms of endearment",
        "sakit tulang rusuk",
    ]);
    // A list of peoples or languages after the word that says so.
    nothing_in(&[
        "Bahasa: Banjar, Kutai, Bugis, Indonesia.",
        "logat Makassar dan Bugis",
        "orang Bajo dan orang Buton, bahasa Wolio, bahasa Sikka",
        "Bahasa:",
    ]);
}

#[test]
fn a_mobile_number_cut_short_after_its_prefix() {
    has_all(
        Category::Phone,
        &[
            ("Nomor mami yang baru 0857 11… nanti saya cari", "0857 11…"),
            ("nomornya 0852 41 99 ... nanti sa cari", "0852 41 99 ..."),
            ("nomere +62 857 21… lali", "+62 857 21…"),
        ],
    );
    // A clock time cut short is none.
    nothing("mulai jam 08.00... sampai siang");
    has("Yg lama 0853-4117-... su hilang", "0853-4117-...", Category::Phone);
    // Gorontalo digits.
    has(
        "Dia pe nomor kosong walu limo duluwo, opato tuwawu tiyo walu, wolomo totolu",
        "kosong walu limo duluwo, opato tuwawu tiyo walu, wolomo totolu",
        Category::Phone,
    );
    // Sundanese digits.
    has(
        "ditulis: \"enol dalapan lima tujuh, dua hiji tilu opat, genep salapan dalapan hiji\"",
        "enol dalapan lima tujuh, dua hiji tilu opat, genep salapan dalapan hiji",
        Category::Phone,
    );
    // Riau Malay digits.
    has(
        "nombor Atok: kosong lapan satu tige, enam due, sembilan sembilan, empat satu, lapan lime. Dah",
        "kosong lapan satu tige, enam due, sembilan sembilan, empat satu, lapan lime",
        Category::Phone,
    );
    // Ambonese Malay digits, groups apart by commas.
    has(
        "Nomor: kosong dalapang satu dua, ampa tiga dua, anam anam sambilang lima, nol satu.",
        "kosong dalapang satu dua, ampa tiga dua, anam anam sambilang lima, nol satu",
        Category::Phone,
    );
}

#[test]
fn sundanese_words_and_arabic_articles() {
    has(
        "pengajian di Masjid At-Taqwa Klandasan, habis Maghrib",
        "Masjid At-Taqwa Klandasan",
        Category::Organisation,
    );
    has("tapi nami asli Euis Komalasari.", "Euis Komalasari", Category::Person);
    has("atanapi ka rerencangan, Teh Yayu, OVO", "Yayu", Category::Person);
    // "abdi" is "I", "kantos" "already".
    nothing_in(&["Abah abdi teu terang", "Abdi kantos ka dieu"]);
}

#[test]
fn grandparents_fathers_aliases_and_lists_of_people() {
    has_all(
        Category::Person,
        &[
            // Grandparents, Bima and Flores fathers and mothers, Mbojo elder siblings.
            ("dititip samo nenek, Nek Rohaya.", "Rohaya"),
            ("salam dari anaknya Ama Sarifudin, pasti ingat", "Sarifudin"),
            ("Ngopi sore sama Dae Nursam di teras", "Nursam"),
            // A nickname after "a.k.a." or "alias".
            ("1. Siti Kholifah a.k.a. \"Ipeh\" — kos di gang", "Ipeh"),
            ("Yuliana alias Ulin sudah pulang", "Ulin"),
            // The next of a list of people.
            ("Yang datang: Bu Ratna, Sri, Wirsih\tKos", "Wirsih"),
            (
                "tiga perempuan: Marni (35), Sulis (29), dan \"Ceplik\" (julukan)",
                "Ceplik",
            ),
            // "Bang Jul", where "Jul" is also July; a counsellor.
            ("Dia kenalkan lon sama Bang Jul, katanya", "Jul"),
            ("12 PS kata konselor Tatang kemarin", "Tatang"),
            ("Sri (Sri Mulyani) dan Wirsih kerja lewat MiChat", "Wirsih"),
            // After a word for a friend or a relative, a pronoun between or not.
            ("Oh iya kak, kawanku Nurkasih mau juga", "Nurkasih"),
            ("kalau di sana ado kawan awak Irel, kerjo di warung", "Irel"),
            ("masih di sana sama adek saya, Holwiyah. Eppa' sudah", "Holwiyah"),
            // Muhammad written short; Batak kin words; "Oom", a name after a word of
            // address.
            ("Satu, Moh. Alfarizki, enam tahun.", "Moh. Alfarizki"),
            ("Namboru Hotmarinta, 0813", "Hotmarinta"),
            ("Ceu Oom 38 tahun, janda", "Oom"),
            ("Lora Badrul, putranya Kiai Fathurrahim dari Prenduan", "Fathurrahim"),
            ("Neng Lilis, Aki Sarmidi\tAki Sarmidi kakeknya", "Sarmidi"),
            // A first name in no lexicon before a given name it holds.
            ("pencatat lapangan: Fadhilah Nurjanah\nBahasa", "Fadhilah Nurjanah"),
        ],
    );
    // A name and a father's name joined by "binti" or "bin", whichever was found.
    has(
        "(Nurkasih binti Abdullah, 34 thn)",
        "Nurkasih binti Abdullah",
        Category::Person,
    );
    has(
        "kata Abdullah bin Sarkowi tadi",
        "Abdullah bin Sarkowi",
        Category::Person,
    );
    // Not a lower-case word after a grandparent, nor a car after a name, nor Good
    // Friday, nor July.
    nothing_in(&[
        "iya nek sabar dulu",
        "Jumat Agung besok jang dulu",
        "tanggal 12 Jul 2024",
    ]);
    let f = found(&engine(), "Naik mobil Mas Wahyu, Xenia silver plat");
    assert_eq!(f.len(), 1, "{f:?}");
    // A word of speech before a name stays out of it.
    has("Makasih Nurjanah, besok lagi", "Nurjanah", Category::Person);
    // The Tidung and Mbojo peoples and their languages.
    nothing_in(&[
        "orang Tidung asli",
        "bahasa Mbojo halus",
        "Bahasa: Melayu Jambi bercampur",
        "orang Melayu Deli",
        "menyanyi dalam bahasa Simalungun; ada",
        "Peneliti: Sakalangkong, Mbak, sudah mau",
        "P09: Sodara, besok malam kumpul",
        "aki motor soak",
        "tapi \"jaro\" oge hartina kapala desa",
    ]);
}

#[test]
fn a_place_of_origin_and_a_name_that_goes_on_after_a_place() {
    has("umur 26, asal Sorowua. Dulu kerja", "Sorowua", Category::Place);
    has("Di Padang Kalowe sana banyak anak", "Padang Kalowe", Category::Place);
    // A glottal stop in a place's name.
    has("ke Pantai Lakey, Hu'u\tSyarifah", "Hu'u", Category::Place);
    // A town by its airport's code, as a profile gives it.
    has("Bio: \"Ready PKY–Sampit, pijat\"", "PKY", Category::Place);
}

#[test]
fn state_schools_by_their_number_and_churches_by_their_denomination() {
    has_all(
        Category::Organisation,
        &[
            ("pindah dekat SMPN 2 Kota Bima. Minta", "SMPN 2 Kota Bima"),
            ("anaknya di SDN 7 Raba", "SDN 7 Raba"),
            ("Dia di Gereja Katolik Santo Yosef kah?", "Gereja Katolik Santo Yosef"),
        ],
    );
    // A denomination alone names no church.
    nothing("ke Gereja Katolik tiap Minggu");
}

#[test]
fn madrasahs_by_their_number_in_capitals_and_ships_by_their_name() {
    has_all(
        Category::Organisation,
        &[
            ("Dia sekolah di MIN 5 Bireuen dulu", "MIN 5 Bireuen"),
            ("lulus MAN 2 Kota Bima tahun lalu", "MAN 2 Kota Bima"),
        ],
    );
    has(
        "Naik KM Sinar Banggai 03 ke Luwuk",
        "KM Sinar Banggai 03",
        Category::Venue,
    );
    has(
        "nyebrang pakai KMP Tanjung Burang",
        "KMP Tanjung Burang",
        Category::Venue,
    );
    // The admin in a chat, a man, a distance.
    nothing_in(&[
        "min, mau tanya dong",
        "Min 5 orang ya",
        "jaraknya 5 KM dari kota",
        "naik km 3 jam",
    ]);
}

#[test]
fn a_kin_word_ending_in_a_glottal_stop_and_a_name_glued_to_a_word_in_a_username() {
    has("Bibi' Juhairiyah datang kemarin", "Juhairiyah", Category::Person);
    has("Indo' Sarce jual kue di pasar", "Sarce", Category::Person);
    has(
        "Sekarang ellacantik_pmk sudah aktif",
        "ellacantik_pmk",
        Category::Handle,
    );
    // The maid, Indonesia, a researcher's attributes.
    nothing_in(&[
        "bibi di rumah masak",
        "produk dari Indo bagus",
        "kolom age_band dan consent_status diisi",
    ]);
}

#[test]
fn a_place_named_by_a_word_doubled() {
    for (text, place) in [
        ("kos di Ganda-Ganda dan Bahoue", "Ganda-Ganda"),
        ("Homestay Patuno Indah di Wangi-Wangi", "Wangi-Wangi"),
        ("tamu di Kintap lawan Asam-Asam, banyak", "Asam-Asam"),
    ] {
        has(text, place, Category::Place);
    }
    // Words doubled that are no place: at a sentence's start, after no word of place,
    // in lower case.
    nothing_in(&[
        "Hati-Hati ya",
        "dia Pelan-Pelan aja",
        "di mana-mana ada",
        "di Mana-Mana ada",
        "makasih dan Hati-Hati di jalan",
    ]);
}

#[test]
fn a_market_or_terminal_by_its_number_and_towns_of_ordinary_words() {
    has_all(
        Category::Place,
        &[
            ("ketemu di Pasar 16 Ilir kemarin", "Pasar 16 Ilir"),
            ("turun di Terminal 16C", "Terminal 16C"),
            ("ini tadi di Bandar Jaya, depan", "Bandar Jaya"),
            ("Passo, Rumah Tiga, sekitar", "Rumah Tiga"),
            ("Penginapan Sumber Rezeki di Kota Atas cari", "Kota Atas"),
            // A place that is also a word, after an address and a comma.
            ("di Perum Griya Mulya Blok C-12, Teras. Mami", "Teras"),
            ("Gg. Melati No. 3, Taman, sejak Maret", "Taman"),
        ],
    );
    // A price after "Pasar", a market in lower case; ordinary words in lower case.
    nothing_in(&[
        "Pasar 50 ribu",
        "dari pasar 2 jam",
        "rumah tiga lantai",
        "ikan hidup di air tawar",
    ]);
}

#[test]
fn titles_of_aceh_and_minang_and_portuguese_surnames() {
    has_all(
        Category::Person,
        &[
            ("Nyak Ros simpan nomornya", "Ros"),
            ("Bang Is ingatkan: jangan", "Is"),
            ("Sopirnyo Da Buyung, oto Elf", "Buyung"),
            ("resepsionisnya, Uni Des, menerima", "Des"),
            ("namanya Om Stefanus Da Cunha, dia", "Stefanus Da Cunha"),
            ("ketemu Maria De Fretes kemarin", "Maria De Fretes"),
        ],
    );
    // A flower, tea, a Javanese month, "already", December, a mother.
    nothing_in(&[
        "kemarin dikasih bunga, wangi melati 😍",
        "hotel kelas melati, tarif",
        "tiap kamar dikasih teh melati sachet",
        "Pernah. Wulan Suro wingi.",
        "da pulang dia",
        "tanggal 12 Des 2024",
        "nyak gue marah",
    ]);
}

#[test]
fn a_regional_bank_without_an_account_is_an_organisation() {
    has_all(
        Category::Organisation,
        &[
            ("ngaku pegawai Bank Kalsel di Banjarbaru", "Bank Kalsel"),
            ("om dari Bank NTT di Maumere", "Bank NTT"),
            ("karyawan Bank Riau Kepri cabang", "Bank Riau Kepri"),
            ("kerja di BPD Bali", "BPD Bali"),
        ],
    );
    // A national bank names no place; beside an account, or after an account's cue,
    // the bank's name stays.
    nothing_in(&[
        "kerja di Bank Indonesia",
        "pegawai Bank Mandiri",
        "ado rek Bank Sumsel Babel atas namo",
        // An account's word after it: where money goes.
        "ulun nabung di Bank Kalsel, rekening hanyar",
        "transfer ke Bank Kalsel rek yang lama",
    ]);
    assert_eq!(
        found_as("rek Bank Jateng 1234567890 ya"),
        [("1234567890".to_string(), Category::Account)]
    );
}

#[test]
fn islamic_universities_colleges_and_churches_by_their_acronym() {
    has_all(
        Category::Organisation,
        &[
            ("masih pake jaket UIN Raden Fatah. Itu", "UIN Raden Fatah"),
            ("kuliah di IAIN Ternate dulu", "IAIN Ternate"),
            ("Tiap Minggu, GPdI Karawaci. Pendetanya", "GPdI Karawaci"),
        ],
    );
    nothing_in(&["kuliah di uin aja", "ke GPdI tiap minggu"]);
}

#[test]
fn a_rented_house_by_its_owners_name_is_a_venue() {
    has(
        "Tinggal di Kontrakan Haji Dullah, Gg. Lontar",
        "Kontrakan Haji Dullah",
        Category::Venue,
    );
    nothing_in(&["tinggal di kontrakan dulu", "Kontrakan sebulan 500rb"]);
}

#[test]
fn a_month_that_is_a_name_after_a_friend_or_a_call_is_the_person() {
    has("kirim link ke kawan aku Mei. Plat motor", "Mei", Category::Person);
    has("kalau perlu hubungi Mei di nomor ini", "Mei", Category::Person);
    has("Kata Des, tamunya baik", "Des", Category::Person);
    // Elsewhere the month, and a weekday is no one's name.
    nothing_in(&[
        "pulang bulan Mei nanti",
        "teman saya Senin datang",
        "per Mei alamat baru",
        "kita ketemu bulan Mei",
        "telpon Senin aja",
    ]);
}

#[test]
fn a_lake_or_a_river_by_its_word_in_capitals() {
    has_all(
        Category::Place,
        &[
            ("Lokasi dkt Situ Cipondoh. Nomer", "Situ Cipondoh"),
            ("di pinggir Kali Angke masih ada", "Kali Angke"),
        ],
    );
    // "there" and "times": in lower case, after a number, before a title.
    nothing_in(&[
        "pernah di situ ya",
        "Dua Kali Lipat",
        "sudah 3 Kali Seminggu",
        "Sudah Dua Kali Bang",
        "Kali ini aku",
        "di Situ Mas",
    ]);
}

#[test]
fn a_banks_branch_is_where_someone_works() {
    has_all(
        Category::Organisation,
        &[
            (
                "satpam di Bank Mandiri cabang Sunter, jadi",
                "Bank Mandiri cabang Sunter",
            ),
            (
                "kerja di BRI Cabang Manado Sam Ratulangi. Dia",
                "BRI Cabang Manado Sam Ratulangi",
            ),
            (
                "kerjo di Bank Mandiri KCP Palembang Sekip, jadi",
                "Bank Mandiri KCP Palembang Sekip",
            ),
            (
                "kerja di Bank Riau Kepri Syariah cabang Pangkalan Kerinci.",
                "Bank Riau Kepri Syariah cabang Pangkalan Kerinci",
            ),
        ],
    );
    // No branch named, or the bank's word in lower case.
    nothing_in(&[
        "BRI cabang mana?",
        "pegawai Bank Mandiri cabang",
        "kantor bri cabang baru",
    ]);
}

#[test]
fn a_title_that_is_also_a_name_is_the_name_alone() {
    has_all(
        Category::Person,
        &[
            ("Yang kemarin dibawa, si Nona, sudah keluar", "Nona"),
            ("Sa mau ajak Nona juga.", "Nona"),
            ("Ti Nona mo kirim tulisan", "Nona"),
            ("wawancara Bu Ning (kalau mau)", "Ning"),
            ("Abah abdi, Abah Karna, teu terang", "Karna"),
            // Sasak "Lalu", also "then", after a title with no name after it.
            ("ojek Daeng Lalu antar dia", "Lalu"),
            // A given name doubled is a nickname.
            ("salah satunya Ling-ling (belum tahu)", "Ling-ling"),
            ("ada Santi, Mey-mey, Dinda", "Mey-mey"),
        ],
    );
    // Before a name, the title stays; "nona" in lower case calls a girl; doubled, a
    // plural; opening a sentence, a word; "Lalu" before a capitalised word starts one.
    assert_eq!(
        found_as("Teman sa, Nona Mince, kena"),
        [("Mince".to_string(), Category::Person)]
    );
    nothing_in(&[
        "Malam nona.",
        "ada grup nona-nona baru",
        "Nona, mau ke mana?",
        "Makasih Kak Lalu Aku Pulang",
        "Karna aku capek",
        "bunga-bunga di taman",
    ]);
}

#[test]
fn a_username_standing_alone_by_its_town_code_honorific_or_number() {
    for (text, handle) in [
        // A town's short form of consonants after '_'.
        ("akun pertamanya (rusmi_kpb) diblokir", "rusmi_kpb"),
        ("ini ayuu_mmj ya", "ayuu_mmj"),
        // An honorific glued to a name.
        ("itu tanteyosi_spa, 24/4", "tanteyosi_spa"),
        ("Hati-hati, bangdanu_gtlo itu sama", "bangdanu_gtlo"),
        // Digits after a dot, or glued to a name or to letters in no lexicon.
        ("yang lama aisyahhrp.01 sudah ditutup", "aisyahhrp.01"),
        ("Yang lama bungasamawa99 aku hapus", "bungasamawa99"),
        ("TIDAK AMAN - rudybrau77 (nomor", "rudybrau77"),
        ("wulan12 ig nya", "wulan12"),
    ] {
        has(text, handle, Category::Handle);
    }
    // Researchers' attributes, a price, a time, a page, a room, a year, a month, makes,
    // models and a disease with their numbers, a word doubled by "2".
    nothing_in(&[
        "kolom age_band dan consent_status diisi",
        "Harga bensin so Rp10.000 besok",
        "jam.10 ya",
        "hal.25 di buku",
        "kamar305 ya",
        "tahun2024 kemarin",
        "Mei2024",
        "pas covid19 sepi, hp ku redmi10 rusak, windows10, iphone11, motor vario150",
        "pelan2 aja",
    ]);
}

#[test]
fn a_groups_name_in_quotes_and_what_it_was_renamed_to() {
    let f = found_as("Kak Mira mengubah subjek dari \"Kawan Selat 💋\" menjadi \"Kawan Selat Dumai\"");
    let groups: Vec<&str> = f
        .iter()
        .filter(|(_, c)| *c == Category::Handle)
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(groups, ["Kawan Selat", "Kawan Selat Dumai"], "{f:?}");
    has(
        "grup FB \"Info Pangkalpinang Terkini\", muke",
        "Info Pangkalpinang Terkini",
        Category::Handle,
    );
    has(
        "Kaka Yosina created group “Mace2 Cantik 🌺”",
        "Mace2 Cantik",
        Category::Handle,
    );
    // And with no quotes, in two capitalised words or more.
    has(
        "buat nipu di grup Info Loker Singaraja. Sudah",
        "Info Loker Singaraja",
        Category::Handle,
    );
    // Not one capitalised word, which may open a sentence; a username after "grup" still.
    nothing_in(&[
        "di grup WA kita rame",
        "kasi tau di grup dulu: nama",
        "kasi tau di grup. Dia datang",
    ]);
    has("gabung grup kawan_selat ya", "kawan_selat", Category::Handle);
}

#[test]
fn the_place_a_profile_or_a_form_gives_and_the_next_of_a_list_after_a_dash() {
    has_all(
        Category::Place,
        &[
            ("Umur: 38\nLokasi: Losarang · 12 km\nBio:", "Losarang"),
            ("Lokasi : Haurgeulis\n", "Haurgeulis"),
            ("Domisili: Pangali Ali\n", "Pangali Ali"),
            ("motor merah lewat Kubutambahan - Tejakula\n", "Tejakula"),
        ],
    );
    // A venue is the venue's; lower case is no place; a table's empty cell joins none.
    has("Lokasi: Hotel Melati kamar 3", "Hotel Melati kamar 3", Category::Venue);
    nothing_in(&["Lokasi: dekat pasar", "Lokasi: Rumah sendiri"]);
    one("2024-08-28\tMajalengka\t-\tRebo Wekasan; warga");
}

#[test]
fn dishes_wards_and_drinks_named_like_places_and_people() {
    nothing_in(&[
        "makan soto Banjar kemarin",
        "nanti malam makan martabak Bangka di sana",
        "beli kue putu buat ibu kos",
        "Malamnya makan Sate Padang enak",
        "besok jenguk, ruang Mawar. Sopo melu",
        "jangan minum Bintang atau tuak",
        "ganti saben telung wulan. Sing lawas",
        "ada odalan di banjar. Kamis aja",
        "Di sana ramai kalau ada Rambu Solo', banyak",
    ]);
    assert_eq!(one("Ojek: Mang Karsim, Honda Vario hitam").0, "Karsim");
    // A name after the dish's seller keeps its honorific's reading.
    has(
        "makan di Warung Soto Pak Kumis",
        "Warung Soto Pak Kumis",
        Category::Venue,
    );
    // A venue's number before a month is a date's.
    has(
        "razia Wisma Tepian Laut 2 Maret; 3",
        "Wisma Tepian Laut",
        Category::Venue,
    );
}

#[test]
fn organisations_venues_and_landmarks_by_new_cues() {
    has_all(
        Category::Organisation,
        &[
            ("mlebu RSD dr. Soebandi. DBD", "RSD dr. Soebandi"),
            (
                "kerja sama dengan Credit Union Keling Kumang.",
                "Credit Union Keling Kumang",
            ),
            (
                "petugas KPA Kabupaten Kepulauan Yapen, Bapa",
                "KPA Kabupaten Kepulauan Yapen",
            ),
            (
                "10.00 Sekretariat Bumi Anoa Kolaka, Jl.",
                "Sekretariat Bumi Anoa Kolaka",
            ),
            ("Sekolah anak di SD Katolik Maumere 1, beras", "SD Katolik Maumere 1"),
        ],
    );
    has(
        "kartu baru kat konter Cell Jaya Ponsel depan",
        "konter Cell Jaya Ponsel",
        Category::Venue,
    );
    has(
        "warung kopi dekat SPBU Losarang. Mobil",
        "SPBU Losarang",
        Category::Place,
    );
    nothing_in(&["beli di konter HP dekat pasar", "isi di konter pulsa"]);
}

#[test]
fn names_by_new_kin_words_cues_and_joins() {
    has_all(
        Category::Person,
        &[
            ("Warung milik Kindo' Mariama di Pasar", "Mariama"),
            ("Ojek yang mengantar: Ajo Man, motor", "Man"),
            ("Yang antar Kak Irma Daeng Ngai, dari", "Irma Daeng Ngai"),
            ("Informan 3: Ima atau Rahima, teman kost.", "Rahima"),
            ("Mami Joni (nama KTP Jonaidi) tidak datang", "Jonaidi"),
            ("Admin memakai nama \"Bang Jago Kutim\", email", "Bang Jago Kutim"),
        ],
    );
    // A mother spoken to, "Daeng" as a title alone.
    nothing("Kak mamak masuk rumah sakit");
    has("Daeng Baso datang", "Baso", Category::Person);
}

#[test]
fn a_phone_number_typed_in_keycaps() {
    let (text, category, canonical) = one("Booking via admin:\n0️⃣8️⃣1️⃣3️⃣ - 4️⃣7️⃣0️⃣0️⃣ - 2️⃣2️⃣1️⃣1️⃣\n");
    assert_eq!(category, Category::Phone);
    assert_eq!(canonical, "+6281347002211");
    assert!(text.starts_with("0️⃣8️⃣"), "{text:?}");
}

#[test]
fn streets_named_with_titles_written_short() {
    has_all(
        Category::Address,
        &[
            (
                "Karaoke di Jl. Prof. M. Yamin No. 18, Sungai Penuh. Tempatnya",
                "Jl. Prof. M. Yamin No. 18, Sungai Penuh",
            ),
            (
                "di Jl. Jend. Sudirman Lr. 5 No. 8, Kec. Watang Sawitto; 3 penghuni",
                "Jl. Jend. Sudirman Lr. 5 No. 8, Kec. Watang Sawitto",
            ),
            (
                "rumahnya di Jl. K.H. Ahmad Dahlan No. 3. Dia",
                "Jl. K.H. Ahmad Dahlan No. 3",
            ),
        ],
    );
    // A sentence after a street's name still ends it.
    has(
        "tinggal di Jl. Melati. Dr. Budi datang",
        "Jl. Melati",
        Category::Address,
    );
}

#[test]
fn a_long_number_in_groups_far_from_its_bank_and_a_regional_banks_account() {
    has_all(
        Category::Account,
        &[
            ("atas nama adik, Agustina, 4620-01-015573-53-8.", "4620-01-015573-53-8"),
            ("kode 3365-01-022817-53-9 itu", "3365-01-022817-53-9"),
            ("nomor resi 1234 5678 9012", "1234 5678 9012"),
            ("ke rek BPD Bali tiang 0300 2010 4471 8. Trus", "0300 2010 4471 8"),
            ("nomor anggota 11.0423.0887 tapi udah", "11.0423.0887"),
        ],
    );
    // Dates and times, a NIK, a mobile inside.
    nothing("tgl 12-03-2024 21.30.15 ok");
    assert_eq!(one("NIK 3601-05-4408-85-0002").1, Category::IdNumber);
    assert_eq!(one("hp 0812 3456 7890 ya").1, Category::Phone);
}

#[test]
fn offices_cathedrals_and_prices_after_a_venues_word() {
    has(
        "Kantor Yayasan Sipakatau Sehat, Jl. Andi",
        "Kantor Yayasan Sipakatau Sehat",
        Category::Organisation,
    );
    has("di depan Katedral Atambua, muka", "Katedral Atambua", Category::Place);
    nothing_in(&[
        "ke Kantor Polisi tadi",
        "Kos 1,2 juta sebulan, listrik",
        "Kos 800rb sebulan",
        "Sing penting slamet, Mbak.",
        "nyicil motor nang Adira.",
        "Selamat Hari Kartini 🌺",
        "libur sampai Maulid aja kak",
    ]);
    has("kopi Kerinci enak", "Kerinci", Category::Place);
    has("dijemput Julak Anang, dibawa", "Anang", Category::Person);
}

#[test]
fn rules_from_a_fourth_probe_of_the_day() {
    has("satu lagi nona.lembeh22 khusus tamu", "nona.lembeh22", Category::Handle);
    has("kita pe tamang Jein dapa tangkap", "Jein", Category::Person);
    has("itu cuma Rina deng Windy. Dia", "Windy", Category::Person);
    has(
        "di Kost Wak Haji Usman, Jl. Dr. Moh. Hatta Lrg. Rambutan No. 4. Dana",
        "Jl. Dr. Moh. Hatta Lrg. Rambutan No. 4",
        Category::Address,
    );
    has(
        "Sekolah di MI Nurul Huda Omben.",
        "MI Nurul Huda Omben",
        Category::Organisation,
    );
    has("orang kampung manggil Ipe'.", "Ipe", Category::Person);
    nothing_in(&["mi ayam enak", "Syalom, salam kenal semua", "lewat BRILink di warung"]);
}

#[test]
fn queues_money_sent_home_languages_listed_and_a_ferry() {
    nothing_in(&[
        "Tes sifilis non-reaktif. Antrian no 23",
        "kirim ke kampung Rp 1 juta; pulsa",
        "Bahasa: Melayu Kupang / Melayu Alor, sedikit",
        "Dong dipulangkan naik kapal Ferry hari Senin.",
    ]);
    has("rumah no 23 itu", "no 23", Category::Address);
}

#[test]
fn account_names_in_quotes_before_their_id_or_after_their_app() {
    // An account's name, as a person's in quotes is: its words are learned.
    has_all(
        Category::Person,
        &[
            ("akun michat \"Bang Rudi Medan\" ID rudi_mdn77", "Bang Rudi Medan"),
            ("Akun michat nya \"Dedi Sawit Inhil\" ID dedi", "Dedi Sawit Inhil"),
            ("Nama di MiChat \"Ning Manis Tmg\".", "Ning Manis Tmg"),
            ("Saiki \"Ning Manis Tmg\", ID-ne ningmanis88.", "Ning Manis Tmg"),
            ("cadangan \"Cewek Rajabasa\", ID rajabasa.girl.", "Cewek Rajabasa"),
            ("Nama tamu: “Om Dayak Ganteng” (ID anang_kps.81)", "Om Dayak Ganteng"),
            (
                "akun Facebook \"Bulukumba Bersih Maksiat\" unggah",
                "Bulukumba Bersih Maksiat",
            ),
        ],
    );
    // A group's, a handle.
    has_all(
        Category::Handle,
        &[
            ("Grup WA torang \"Nona-Nona Hibua Lamo\". Kalau", "Nona-Nona Hibua Lamo"),
            (
                "grup-grup Facebook kayak \"Praya Bersih 2024\" jangan",
                "Praya Bersih 2024",
            ),
            ("Grupnya \"Inaq Inaq Praya 🌺\", ada 31 orang", "Inaq Inaq Praya"),
        ],
    );
    // No ID after the quote, or none shaped as one.
    nothing_in(&[
        "dia bilang \"Saya capek\" ID apa",
        "dia bilang \"Saya capek\", terus pulang",
    ]);
}

#[test]
fn a_senders_name_alone_before_the_time_of_a_copied_chat() {
    has(
        "Om Dayak Ganteng 20:41\nmalam dik",
        "Om Dayak Ganteng",
        Category::Handle,
    );
    has(
        "ok\nMbak Sisil Kobar 💋 21:39\nom naik",
        "Mbak Sisil Kobar",
        Category::Handle,
    );
    // The account's username alone.
    has(
        "Malam dek, lg dmn?\n\nyuliie_tb 20:16\nMalam bang",
        "yuliie_tb",
        Category::Handle,
    );
    nothing_in(&[
        "Senin 21:30\nok",
        "Besok jam 10:00\n",
        "Peneliti 10:15\nok",
        "Jam 25:10\n",
        "P07 10:15\nok",
        "sesi2 lanjut 10:15\n",
    ]);
}

#[test]
fn daeng_before_a_regional_i_and_words_after_a_glottal_stop() {
    has("rumah Daeng Ngai, Desa Bira", "Ngai", Category::Person);
    has("Ngai A Fung dari Singkawang", "A Fung", Category::Person);
    has("RSUD Ba'a, poli VCT", "RSUD Ba'a", Category::Organisation);
    has("dari Pelabuhan Leppe'e; tidak", "Pelabuhan Leppe'e", Category::Place);
    // A glottal stop before a space ends the word.
    has("Indo' Sarce itu", "Sarce", Category::Person);
    nothing_in(&[
        "hari Jum'at",
        "Ngaku kerja di Lion Air. Bohong.",
        "Kak, PrEP itu ada?",
        "ke BRImo sa",
    ]);
    has(
        "Dibawa ke Mapolres Buleleng di",
        "Mapolres Buleleng",
        Category::Organisation,
    );
}

#[test]
fn pharmacies_waterfalls_doubled_endings_and_feasts_after_a_title() {
    has("Klinik sebelah Apotek Kasih Karo", "Apotek Kasih Karo", Category::Venue);
    has_all(
        Category::Place,
        &[
            (
                "cedhak Pemandian Air Panas Kalianget. Tarif",
                "Pemandian Air Panas Kalianget",
            ),
            ("di Air Terjun Saluopa kemarin", "Air Terjun Saluopa"),
            ("deket Menara Siger. Ada", "Menara Siger"),
            ("kerja di Kawasan Industri Bantaeng; ia", "Kawasan Industri Bantaeng"),
            ("kost dekat Pelabuhan Larea-rea; nomor", "Pelabuhan Larea-rea"),
            ("jalan-jalan ke Pantai Kupa-kupa", "Pantai Kupa-kupa"),
        ],
    );
    has(
        "kak Winda Perangin-angin. Sapa",
        "Winda Perangin-angin",
        Category::Person,
    );
    has(
        "jauh dari Masjid Raya At-Taqwa (cek",
        "Masjid Raya At-Taqwa",
        Category::Organisation,
    );
    nothing_in(&[
        "nek Idul Adha mesti ngirimi daging",
        "beli obat di apotek aja",
        "menara masjid itu tinggi",
        "jalan-jalan terus",
    ]);
}

#[test]
fn initials_daeng_written_short_cottages_bureaus_and_a_title_before_a_town() {
    has_all(
        Category::Person,
        &[
            ("Dana 0852 5073 1192 a.n. SISKA AULIA R\n[WA]", "SISKA AULIA R"),
            ("ketemu Ayu Lestari Dg. Caya kemarin", "Ayu Lestari Dg. Caya"),
            ("Nama: Cici Palembang 🍒\nID", "Cici Palembang"),
            // A title that is a given name too is the name's.
            ("Nama: 🍒 Cici Manja 🍒\nID", "Cici Manja"),
            ("bojona Jang Oding nu nyekel karaoke", "Oding"),
            ("pake nama \"Rian Bisnis\". Sa minta", "Rian Bisnis"),
        ],
    );
    has("Nama: Kak Rere 🌺 (VCS)", "Rere", Category::Person);
    has(
        "nginap di Bira Beach Cottage kemarin",
        "Bira Beach Cottage",
        Category::Venue,
    );
    has(
        "ke psikolog Biro Psikologi Cahaya Hati Tulungagung (Jl.",
        "Biro Psikologi Cahaya Hati Tulungagung",
        Category::Organisation,
    );
    nothing_in(&["jang lupa ya", "urus di biro jasa aja"]);
}

#[test]
fn queues_a_pawnshop_and_a_colonel_or_a_commodore_in_a_name() {
    nothing_in(&[
        "Ok kak aku di parkiran, ngantri nomor 42 😩",
        "rujuk. Antrean sampai nomor 27 (campur",
        "nabung emas nang Pegadaian.",
    ]);
    has(
        "ke RSUD Kol. Abundjani Bangko bagian IGD",
        "RSUD Kol. Abundjani Bangko",
        Category::Organisation,
    );
    has(
        "tinggal di Jl. Kom. Yos Sudarso Gg. Damai No. 7, Kel.",
        "Jl. Kom. Yos Sudarso Gg. Damai No. 7",
        Category::Address,
    );
}

#[test]
fn palembang_elder_sisters() {
    has("Admin grup, Yuk Lela, langsung", "Lela", Category::Person);
    nothing_in(&["yuk makan dulu", "Yuk, kita pergi", "Ayuk sekarang tinggal di mana?"]);
}

#[test]
fn a_name_beside_a_participants_code() {
    has("sama\tNorma (P31), Itah\tNorma minta", "Norma", Category::Person);
    has("Kak Siti Aminah (P-07) cerita", "Siti Aminah", Category::Person);
    nothing_in(&["wawancara (P12) kemarin", "Ketemu di Pasar (P03)", "Senin (P4) ok"]);
}

#[test]
fn housing_estates_shelters_hot_pools_palaces_and_what_a_warung_sells() {
    has(
        "Alamat: Perumnas III Waena Blok D No. 27, dekat",
        "Perumnas III Waena Blok D No. 27",
        Category::Address,
    );
    has(
        "ruang tengah Rumah Singgah Yayasan Pesisir Sehati, Jl. Imam",
        "Rumah Singgah Yayasan Pesisir Sehati",
        Category::Organisation,
    );
    has(
        "dari foto di Kolam Air Panas Rante Sepang, langsung",
        "Kolam Air Panas Rante Sepang",
        Category::Place,
    );
    has(
        "di depan Istana Alwatzikhoebillah.",
        "Istana Alwatzikhoebillah",
        Category::Place,
    );
    has(
        "depan Terminal, Kabupaten Pangkajene dan Kepulauan",
        "Kabupaten Pangkajene dan Kepulauan",
        Category::Place,
    );
    has("di Warung Remang Sejati", "Warung Remang Sejati", Category::Venue);
    nothing_in(&[
        "di warung pinang samping kantor",
        "buka warung lontong. Indak mau",
        "ada warung remang-remang di situ",
        "tinggal di rumah singgah dulu",
        "istana apa itu",
    ]);
}

#[test]
fn a_groups_name_in_title_case_after_a_comma() {
    has(
        "Atau grup WA kami, \"Pesisir Bestie\". Link",
        "Pesisir Bestie",
        Category::Handle,
    );
    nothing_in(&["di grup WA kami, \"besok ada razia\" kata mami"]);
}

#[test]
fn a_groups_words_are_found_again_only_with_their_capital() {
    let text = "12/02/24 19.02 - Rina: gabung grup \"Galuh Banua Bersatu\" kah?\n\
                12/02/24 19.03 - Rina: supaya bubuhan galuh lain kada menerima, kata Banua\n";
    let found = found_in_context(text);
    assert!(found.contains(&"Banua"), "{found:?}");
    assert!(!found.contains(&"galuh"), "{found:?}");
}

#[test]
fn a_list_of_usernames_tombs_and_feasts() {
    has(
        "Mira pakai dua akun MiChat (mira_curup, mirakaba21) dan link",
        "mirakaba21",
        Category::MichatId,
    );
    has("ig sasa_ktg / sasa.ktg2 ya", "sasa.ktg2", Category::Handle);
    has("Cedhak Makam Sunan Drajat", "Makam Sunan Drajat", Category::Place);
    has("Sa mau ajak Echa juga.", "Echa", Category::Person);
    nothing_in(&[
        "Pas malem Minggu ngono kae. Wulan Maret wingi ana razia",
        "P41: Mau buka warung gohu di pantai.",
        "sedekah laut Lomban (seminggu",
        "ke makam ibu dulu",
    ]);
    assert_eq!(
        found_as("ig sasa_ktg, dan kamu2"),
        [("sasa_ktg".to_owned(), Category::Handle)]
    );
    assert_eq!(
        found_as("Kudus menjelang Dandangan (tradisi"),
        [("Kudus".to_owned(), Category::Place)]
    );
}

#[test]
fn an_organisation_before_its_acronym_lakes_power_stations_and_what_a_client_claims() {
    has(
        "Ketemu Mbak Ndaru dari Lentera Perempuan Grobogan (LPG).",
        "Lentera Perempuan Grobogan (LPG)",
        Category::Organisation,
    );
    has(
        "tim Pusat Kajian Gender dan Seksualitas (PKGS) datang",
        "Pusat Kajian Gender dan Seksualitas (PKGS)",
        Category::Organisation,
    );
    has(
        "aku asli Sidomukti, cedhak Telaga Sarangan kene.",
        "Telaga Sarangan",
        Category::Place,
    );
    has(
        "dekat PLTU Asam-Asam, tengah malam.",
        "PLTU Asam-Asam",
        Category::Organisation,
    );
    has("ID ramdan_bgr77, ngakunya Ramdan. Janjian", "Ramdan", Category::Person);
    assert_eq!(
        found_as("ngakunya Oom Yudi. Di bio"),
        [("Yudi".to_owned(), Category::Person)]
    );
    has(
        "Link daftar: forms.gle/KwsBks2024Tes",
        "forms.gle/KwsBks2024Tes",
        Category::Link,
    );
    has("kata Mbak Lis (Lisdawati) minta", "Lisdawati", Category::Person);
    has(
        "Grupnya nama \"Galuh Banua Sehat\", dibikin",
        "Galuh Banua Sehat",
        Category::Handle,
    );
    nothing_in(&[
        "Pekerja Seks Komersial (PSK) dan Human Immunodeficiency Virus (HIV)",
        "ngakunya polisi, terus",
        "Orang ini ngakunya PNS di kantor bupati",
        "di toko intan.",
        "beli di toko emas dekat pasar",
    ]);
}

#[test]
fn an_acronym_learned_from_its_organisation_is_found_again() {
    let text = "dari Lentera Perempuan Grobogan (LPG).\nkirim pesan ke grup LPG: razia\n";
    let found = found_in_context(text);
    assert_eq!(found, ["Lentera Perempuan Grobogan (LPG)", "LPG"]);
}

#[test]
fn a_name_in_brackets_after_kin_a_list_of_ids_stalls_and_balinese_prayers() {
    has("Lela cerita suaminya (Bahrum) ambil uang", "Bahrum", Category::Person);
    let ids = "2 akun MiChat (eta_ambonmanise dan nonaeta.amq), 1 WA";
    has_all(Category::MichatId, &[(ids, "eta_ambonmanise"), (ids, "nonaeta.amq")]);
    has("Pilihan kak: Icha (19) / Mela (23)", "Mela", Category::Person);
    has("tulisan \"Lopo Mama Tina\" di depan", "Lopo Mama Tina", Category::Venue);
    has(
        "kerja di laundry Kiloan Bersih Kediri, punya",
        "laundry Kiloan Bersih Kediri",
        Category::Venue,
    );
    has(
        "kamek pakai name \"Cici Manja\", ID-nye",
        "Cici Manja",
        Category::Person,
    );
    nothing_in(&[
        "anaknya (2 orang) sekolah",
        "akun michat (lama) hilang",
        "yang bikin aman itu Ida Sang Hyang Widhi. Tiap pagi",
        "Terima kasih semua. Om Shanti Shanti Shanti Om.",
        "tidak pulang pas Galungan dan Kuningan.",
        "kerja di laundry dulu",
    ]);
}

#[test]
fn tanjung_alone_foreign_clients_and_a_feast_after_kampung() {
    has("We take Grab from Tanjung, 1 hour.", "Tanjung", Category::Place);
    has("udah sampe di Tanjung.", "Tanjung", Category::Place);
    // Alone after any word: the town still.
    has("but not Tanjung, my cousin", "Tanjung", Category::Place);
    has("naik travel Amuntai–Tanjung (Rp 60.000)", "Tanjung", Category::Place);
    has("urang Kotabaru lawan Tanjung suka", "Tanjung", Category::Place);
    has("My friend Jake gave me this number.", "Jake", Category::Person);
    has(
        "Rekeningnya atas nama Hadi Purnomo, 1481 0092 77.",
        "Hadi Purnomo",
        Category::Person,
    );
    has("Razia di Kuala Simpang kemarin", "Kuala Simpang", Category::Place);
    // A cape's word before its name stays the landmark's; in lower case a cape.
    has("foto di Tanjung Bunga sore", "Tanjung Bunga", Category::Place);
    nothing_in(&[
        "ujung tanjung itu",
        "Kita mo pulang kampung Idul Adha tapi KTP hilang.",
        "pulang kampung Lebaran nanti",
        "rumahnya dekat kompleks Pertamina.",
        "Kak ARV ambo abih, tapi",
        "antrean panjang, dapat nomor 47. Imbah tu",
        "nomor antrean masing2 (yang tadi nomor 017, yang lain nomor 018)",
        "penelitian di Indonesia dan in Indonesia",
    ]);
    has("rumahnya di kampung Sukamaju", "kampung Sukamaju", Category::Address);
    // Streets are named after holy words.
    has(
        "aq tinggal di jl masjid no 29A kak",
        "jl masjid no 29A",
        Category::Address,
    );
}

#[test]
fn a_place_after_english_in_or_from_a_lampung_village_and_a_name_after_an_initial() {
    has("today police patrol in Sire, my friend", "Sire", Category::Place);
    has("a friend coming, from Perth.", "Perth", Category::Place);
    has(
        "Sekarang dia kerja ke Malaysia, lewat calo",
        "Malaysia",
        Category::Place,
    );
    has("1. Desi – Pekon Padang Cahya", "Pekon Padang Cahya", Category::Place);
    has("kasi penegakan, Pak T. Mahyuddin", "Mahyuddin", Category::Person);
    nothing_in(&[
        "I speak in English little",
        "we go in January",
        "from Australian company",
        "Pak A. ke pasar.",
        "Pak H. Jalan dulu.",
    ]);
}

#[test]
fn a_point_on_the_map_is_one_place_in_any_of_its_forms() {
    let point = "-6.1751,106.8271";
    for (text, what) in [
        ("kos aku di -6.1751234, 106.8271234 ya kak", "-6.1751234, 106.8271234"),
        ("share loc: -6.17512,106.82712 (depan gang)", "-6.17512,106.82712"),
        (
            "titik 6°10'30.4\"S 106°49'37.6\"E, rumah cat hijau",
            "6°10'30.4\"S 106°49'37.6\"E",
        ),
        ("posisi 6,1751° LS 106,8271° BT.", "6,1751° LS 106,8271° BT"),
    ] {
        assert_eq!(
            one(text),
            (what.to_owned(), Category::Place, point.to_owned()),
            "{text}"
        );
    }
    assert_eq!(
        one("plus code 6PH57VP3+PR ya"),
        ("6PH57VP3+PR".to_owned(), Category::Place, "6PH57VP3+PR".to_owned())
    );
    // A short code may open with a letter.
    has("code QRV5+2X Bandung", "QRV5+2X", Category::Place);
    // Prices, clock times, dates, a temperature and statistics are no point.
    nothing_in(&[
        "ST 300.000, LT 1.500.000",
        "jam 21.30, 22.15 baru pulang",
        "tgl 12.03.2024, 13.03.2024",
        "demam 38.5°C, 39.25°C",
        "p = 0.0123, 0.4567",
    ]);
}

#[test]
fn a_number_that_names_a_person_to_an_office_is_an_id_number() {
    for (text, what, canonical) in [
        (
            "NPWP 12.345.678.9-012.345 punya mami",
            "12.345.678.9-012.345",
            "123456789012345",
        ),
        // The tax number's layout says what it is without its cue.
        (
            "npwp dia ya 98.765.432.1-098.000 gitu",
            "98.765.432.1-098.000",
            "987654321098000",
        ),
        ("No. RM 00-12-34 di Puskesmas", "00-12-34", "001234"),
        ("no rekam medis 123456 di klinik", "123456", "123456"),
        ("nomor pasien 2024-00871 waktu tes", "2024-00871", "202400871"),
        ("paspor B1234567 ditahan agen", "B1234567", "b1234567"),
        ("Paspor: X1234567.", "X1234567", "x1234567"),
        ("passport no. C 7654321 ditahan", "C 7654321", "c7654321"),
        // A student's, a civil servant's and a police officer's numbers.
        ("NIM 1301194023 di kampus", "1301194023", "1301194023"),
        (
            "NIP 19850312 201001 1 002 kerja di dinas",
            "19850312 201001 1 002",
            "198503122010011002",
        ),
        ("nrp 87051234 polisi", "87051234", "87051234"),
    ] {
        assert_eq!(
            one(text),
            (what.to_owned(), Category::IdNumber, canonical.to_owned()),
            "{text}"
        );
    }
    // A phone after such a word is still a phone; short numbers, prices and a
    // restaurant ("RM", rumah makan) are none.
    has("no sim 0812-3456-7890 ganti", "0812-3456-7890", Category::Phone);
    nothing_in(&[
        "pasien 2 orang, reg 12",
        "RM 21 Sederhana tutup",
        "BPJS Rp 150.000 sebulan",
        // A passport's shape with no cue, at the text's start.
        "B1234567 tanpa cue",
        "12.345.678 orang",
        "NIP nya 12345",
    ]);
}

#[test]
fn an_email_spelled_out_has_the_plain_addresss_tag() {
    let (found, category, canonical) = one("email aku rinamanja at yahoo dot com ya kak");
    assert_eq!(
        (found.as_str(), category),
        ("rinamanja at yahoo dot com", Category::Email)
    );
    assert_eq!(canonical, one("email aku rinamanja@yahoo.com ya kak").2);
    // Marks in brackets, glued or spaced, and a plain domain after one.
    for text in [
        "email rina.manja [at] gmail [dot] com ya",
        "rina.manja(at)gmail(dot)com",
        "rina.manja at gmail.com kak",
        "rina.manja@gmail dot com",
    ] {
        let (found, category, canonical) = one(text);
        assert_eq!(category, Category::Email, "{text}");
        assert!(
            found.starts_with("rina.manja") && found.ends_with("com"),
            "{text}: {found}"
        );
        assert_eq!(canonical, "rina.manja@gmail.com", "{text}");
    }
    nothing_in(&["daftar pakai gmail dot com aja", "kirim ke gmail. Com nya"]);
    has("buka gmail.com aja", "gmail.com", Category::Link);
    // A bracketed mark for '@' before any domain, with its canonical form.
    let (found, category, canonical) = one("E-mail kantor dio pengaduan(at)srikandimusi(dot)or(dot)id ya");
    assert_eq!(
        (found.as_str(), category, canonical.as_str()),
        (
            "pengaduan(at)srikandimusi(dot)or(dot)id",
            Category::Email,
            "pengaduan@srikandimusi.or.id"
        )
    );
    has(
        "tulis ke rina [at] yayasan-kasih [dot] org saja",
        "rina [at] yayasan-kasih [dot] org",
        Category::Email,
    );
    nothing_in(&["harga (at) cost", "lihat [at] sini", "kata (et) cetera"]);
}

#[test]
fn a_person_after_a_naming_verb_a_kin_word_of_someone_or_a_regional_i() {
    has_all(
        Category::Person,
        &[
            ("menyebut polisi bernama Nofriadi dari Polsek", "Nofriadi"),
            ("admin bernama \"Buyuang\" di grup", "Buyuang"),
            ("Kwee Siok Lan, panggilannya Alan. Orang kira", "Alan"),
            ("saya. Temannya Holis pernah kena juga.", "Holis"),
            ("tinggal sama adekku Keleng.", "Keleng"),
            ("Halo semua, nyong Kasirah, biasane", "Kasirah"),
            ("halo Ce Mei, sy peneliti", "Mei"),
            ("Mbak Juni datang", "Juni"),
        ],
    );
    // In lower case "bernama" and "nyong" name nothing; "bulan Juni" is the month.
    nothing_in(&["sebuah kota bernama indah", "nyong arep mangkat", "bulan Juni nanti"]);
}

#[test]
fn a_chinese_name_of_three_syllables_is_read_whole() {
    has_all(
        Category::Person,
        &[
            ("nama aslinya Tan Hok Seng tapi", "Tan Hok Seng"),
            ("kata Tan Kok Liang kemarin", "Tan Kok Liang"),
            ("nama asliku Kwee Mei Lan 🤫", "Kwee Mei Lan"),
        ],
    );
    // Not over a word that joins a sentence: two names.
    let f = found_as("Lim Dan Ong datang");
    assert!(f.iter().all(|(w, _)| !w.contains("Dan")), "{f:?}");
}

#[test]
fn a_bus_or_shipping_company_a_housing_estate_and_a_minang_stall() {
    has_all(
        Category::Organisation,
        &[
            ("naik PO Gunung Harta dari Ubung", "PO Gunung Harta"),
            ("travel PO Tranex Minang, Rp 60.000", "PO Tranex Minang"),
            ("kapal kargo milik Samudera Dwipa Lines. Dia", "Samudera Dwipa Lines"),
        ],
    );
    has(
        "rumahku di BTN Griya Lasinrang Blok D2 No. 9. Mamaku",
        "BTN Griya Lasinrang Blok D2 No. 9",
        Category::Address,
    );
    has("juga punya Lapau Uni Yul di depan", "Lapau Uni Yul", Category::Venue);
    // A pre-order, the bank, a bank's employee.
    nothing_in(&[
        "PO Baju Lebaran dibuka",
        "Open PO Mukena sampai Senin",
        "transfer ke BTN Syariah aja",
        "atau kerja di BTN Jaya",
    ]);
}

#[test]
fn a_common_word_with_its_regency_after_it_is_a_place() {
    has(
        "Lokasi 2: Sumber, Kabupaten Cirebon — penyalin",
        "Sumber",
        Category::Place,
    );
    nothing_in(&["Sumber data: wawancara", "Kemarin, Kabupaten itu banjir"]);
}

#[test]
fn couriers_balinese_days_a_regional_banks_name_and_a_files_name_are_left() {
    nothing_in(&[
        "kirim rendang lewat JNE ke kampus",
        "Manis Galungan. Jalan ke rumah",
        "asli REC_0315_2047.m4a yang disimpan",
    ]);
    // The bank's region beside its account stays with the bank (the account goes).
    let f = found_as("kirim ke BPD Bali 0280 2020 119 455 a.n. ibunya");
    assert_eq!(f, vec![("0280 2020 119 455".to_string(), Category::Account)]);
}

#[test]
fn a_month_a_file_shows_as_a_name_is_the_person_outside_a_date() {
    let text = "Ia hanya mau dipanggil \"Juni\".\n- Juni bilang ia mulai kerja bulan Juni 2023.\n\
                Sejak Juni dia pindah. April dan Juni sepi. Mei-Juni ramai. Hubungi Juni lewat IG.\n\
                Juni lalu sakit. Tanggal 3 Juni. Pada Juni, sepi.";
    let juni: Vec<usize> = text.match_indices("Juni").map(|(at, _)| at).collect();
    let found: Vec<usize> = engine()
        .detect_in_context(text, &[])
        .iter()
        .filter(|s| &text[s.start..s.end] == "Juni")
        .map(|s| s.start)
        .collect();
    // The name in quotes, "Juni bilang" and "Hubungi Juni"; every date is left.
    assert_eq!(found, vec![juni[0], juni[1], juni[6]], "{text}");
}

#[test]
fn a_lowercase_name_with_a_word_of_degree_is_the_adjective() {
    nothing_in(&[
        "cantik bgt org nya, ayu pisan",
        "memang ayu sekali.",
        "nganggo filter sing ayu kae",
        "Assalamualaikum cah ayu kabeh",
        "Cah ayu itu maksudnya baik",
    ]);
    has("si ayu langsung ketik", "ayu", Category::Person);
    has("makasih, ayu lagi apa?", "ayu", Category::Person);
}

#[test]
fn rules_from_the_forty_eighth_and_forty_ninth_probes() {
    // A given name drawn out at its end is the name, under its tag.
    let f = found(&engine(), "makasih euiss 😘");
    assert_eq!(f, vec![("euiss".to_string(), Category::Person, "euis".to_string())]);
    // A friend's surname in no lexicon goes with the name.
    has("Tamunya temennya Liam Fraser. Ribet", "Liam Fraser", Category::Person);
    nothing_in(&[
        // Drawn-out words that are no names.
        "apaa sayangg",
        // A trade after a title.
        "yang dia sebut \"Pak Guru\".",
        // Money sent from abroad.
        "transfer dari PayPal ke email, lewat Wise ke rekening",
        // Batak thanks opening a turn.
        "Peneliti: Mauliate, Kak. Transport",
        // A regional bank before its account, even one written in part.
        "stiker: Bank Sumut 311.02.04.1198xx-x",
        // After Batak "boru" a people is the girl's; "ompung" is a grandparent.
        "dia boru Batak asli",
        "Ompung di rumah cuma bilang",
    ]);
    // A woman's clan after "boru", and her name before it; a Batak village.
    has("Ompung boru Tiomina itu satu-satunya", "Tiomina", Category::Person);
    has(
        "Kawan lain, Riris boru Lumban Gaol, pergi",
        "Riris boru Lumban Gaol",
        Category::Person,
    );
    has("Wawancara P62, Huta Paung, Sabtu", "Huta Paung", Category::Place);
}

#[test]
fn rules_from_the_fiftieth_to_fifty_third_probes() {
    // A word in lower case that no lexicon holds after "di", "ke" or "dari" is no
    // place by that alone: the lexicon lacks too many ordinary words.
    nothing_in(&[
        "foto dari leher ke bawah",
        "simpan di folder, dari layar, kerja di tambang",
        "dari rumahnya, di kosannya, ke sanaa",
    ]);
    // After a word for the land, a market or a village, in lower case.
    has_all(
        Category::Place,
        &[
            ("ipang ajak ke pantai gorango deng dia", "pantai gorango"),
            ("tenggelam dekat pulau kahakitang. mama", "pulau kahakitang"),
            ("mama jual ikan di pasar towoe... kita", "pasar towoe"),
        ],
    );
    has(
        "ada kos bagus di desa wawama, kos bu harni",
        "desa wawama",
        Category::Address,
    );
    nothing_in(&[
        "ke pulau seberang naik pompong",
        "pulang kampung halaman",
        "kampung nelayan, desa adat",
        "khutbah dari meunasah, jualan di pasar keude",
        "kantor lentera tgl 14",
        "sembunyi di kebun lontar",
    ]);
    // A name drawn out in the middle as well as at its end, under its tag.
    let f = found(&engine(), "kaaak jaaake 😍");
    assert_eq!(f, vec![("jaaake".to_string(), Category::Person, "jake".to_string())]);
    nothing("bangeeet apaaa sayanggg");
    // A regency's short name without "Kepulauan", in any case.
    has_all(
        Category::Place,
        &[
            ("pulang talaud pas Paskah", "talaud"),
            ("si rizal org sula yg dulu", "sula"),
            ("mami ella dari bolmong juga", "bolmong"),
            ("kapal ke Bawean pulang pergi", "Bawean"),
        ],
    );
}

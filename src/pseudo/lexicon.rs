//! The lexicons and cue words, compiled once per process into one Aho-Corasick
//! automaton (of the lower-cased entries, walked with lower-cased bytes). The engine
//! walks it anchored from a word start and keeps the longest entry that ends on a
//! word boundary. A contiguous NFA, not a
//! DFA: the DFA of these ~3,000 entries is 5.7 MB and its walk waits on cache misses;
//! the NFA is 340 kB. In front of it, a table of whole words (the first words of all
//! entries) tells which tokens may begin an entry the engine acts on, so the common
//! words that make up most of a text are skipped, and answers the one-word lookups;
//! the walk remains for entries of several words.

use std::collections::{HashMap, HashSet};

type FoldMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type FoldSet<K> = HashSet<K, foldhash::fast::RandomState>;
use std::sync::LazyLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use compact_str::CompactString;

/// A given name or nickname.
pub(crate) const NAME: u16 = 1;
/// A city, regency, district or neighbourhood.
pub(crate) const PLACE: u16 = 1 << 1;
/// A common Indonesian (or chat English) word: never suspicious, never a name after a cue.
pub(crate) const COMMON: u16 = 1 << 2;
/// Weekdays, months, brands, religious words: never a name or a place.
pub(crate) const DECOY: u16 = 1 << 3;
/// An honorific or term of address that is followed by a name (Mas, Mbak, Om …).
pub(crate) const HONORIFIC: u16 = 1 << 4;
/// A street-address cue followed by a name or a number (Jl., Gg., Desa …).
pub(crate) const ADDRESS: u16 = 1 << 5;
/// An address cue that must be followed by a number (No., RT, RW).
pub(crate) const ADDRESS_NUMBER: u16 = 1 << 6;
/// A venue cue followed by its name (Hotel, Wisma, Kost …).
pub(crate) const VENUE: u16 = 1 << 7;
/// A bank, e-wallet or account cue followed by an account number.
pub(crate) const BANK: u16 = 1 << 8;
/// A cue that is followed by a MiChat ID ("id michat", "cari di michat").
pub(crate) const MICHAT: u16 = 1 << 9;
/// A cue that is followed by a MiChat ID only after ':' or '=' ("michat: budi88").
pub(crate) const MICHAT_COLON: u16 = 1 << 10;
/// A cue that is followed by a name standing alone: the holder of an account or a
/// booking ("atas nama"), the name someone goes by ("panggil aja", "nama aku").
pub(crate) const NAMING: u16 = 1 << 11;
/// A cue that is followed by a username without its '@': "ig: chaca__chaw", "line aq
/// rinaa23", "username betawi_asli_22".
pub(crate) const HANDLE_CUE: u16 = 1 << 12;
/// A cue that is followed by an organisation's name in capitals ("Yayasan Pelita
/// Musi", "PT Samudera Tuna Raya", "Puskesmas Sekip").
pub(crate) const ORG: u16 = 1 << 13;
/// A cue that is followed by a landmark's name in capitals ("Pasar Terong", "Simpang
/// Lima", "Terminal Purabaya"), or preceded by it ("Trans Studio Mall").
pub(crate) const LANDMARK: u16 = 1 << 14;
/// A hotel chain's brand, a venue by itself and with the words naming the branch
/// ("Aryaduta", "favehotel Kuta Square").
pub(crate) const BRAND: u16 = 1 << 15;

const GIVEN_NAMES: &str = include_str!("../../data/lexicon/given-names-id.txt");
const PLACES: &str = include_str!("../../data/lexicon/places-id.txt");
/// Campuses by their acronym ("unri", "ugm"); one written in capitals there is found
/// only in capitals, for it is also an ordinary word or abbreviation ("ITS", "UKM").
const CAMPUSES: &str = include_str!("../../data/lexicon/campuses-id.txt");
const COMMON_WORDS: &str = include_str!("../../data/lexicon/common-words-id.txt");
const DECOYS: &str = include_str!("../../data/lexicon/decoys-id.txt");

const HONORIFICS: &[&str] = &[
    "mas", "mbak", "mba", "mbakyu", "om", "oom", "kak", "kakak", "ka", "bang", "abang", "pak", "bu", "bro", "sis",
    "tante", "cik", "cici", "koh", "ci", "engkoh", "neng", "teh", "teteh", "akang", "kang", "aa", "dek", "adek", "de",
    "ibu", "bapak", "mbok", "ning", "uda", "uni", "bli", "mamih", "mami", "papi", "mak", "mas bro", "jeng", "nyonya",
    "tuan", "sdr", "sdri", "saudara", "saudari", "nona", "mister", "miss", "mr", "mrs", "ms", "ustad", "ustadz",
    "ustazah", "haji", "hajah", "dokter", "dr", "bos", "boss", "mbk", "pakde", "pakdhe", "bude", "budhe", "mpok",
    "mpo", "cak", "mbah", "eyang", "bunda", "abah", "babeh", "engkong", "encing", "cece", "nyai",
    // Eastern Indonesian "kaka", Banjar "acil" (aunt), "Hj." (a woman who made the hajj).
    "kaka", "acil", "hj", "daeng",
    // Chinese-Indonesian "Ce" (elder sister, short for "cece"): "halo Ce Mei".
    "ce",
    // "Bung Benny" (brother, in Maluku and of old everywhere), Banjar "ading" (younger
    // sibling), Manggarai "kae" (elder sibling), "enu" (a girl) and "kraeng" (a
    // nobleman's title).
    "bung", "ading", "kae", "enu", "kraeng",
    // Banjar "paman" and "datu" (uncle, grandparent), Sundanese and Cirebon "mang"
    // (uncle), Cirebon and Javanese "yayu" (elder sister).
    "paman", "datu", "mang", "yayu",
    // Minang "Da", Uda written short ("Da Buyung"); only a name in capitals follows it,
    // for "da" is also "already" ("da pulang").
    "da",
    // Acehnese "Nyak" (mother, and a title before a woman's name: "Nyak Ros"), also
    // Betawi "mother" spoken to without a name.
    "nyak",
    // Minahasa "Opa" and "Oma", Batak "Tulang" (uncle), "Ito" (sibling) and "Bou"
    // (aunt), Balinese "Gek" (a girl).
    "opa", "oma", "tulang", "ito", "bou", "gek",
    // Grandparents ("Nek Jubaidah", "Kakek Salim"), Bima and Flores "Ama" and "Ina"
    // (father, mother), Mbojo "Dae" (elder sibling). Not the Malay "Dayang", which is
    // as often a given name ("Dayang Nurhaliza"): it is one of the given names.
    "nek", "nenek", "kakek", "ama", "ina", "dae",
    // Those who counsel and nurse: "konselor Tatang", "Perawat Yuli".
    "konselor", "perawat",
    // Muhammad written short, which opens the name it is part of ("Moh. Alfarizi",
    // `names::particles_start`); Batak "Lae" (brother-in-law, and any man), "Namboru"
    // (aunt), "Inanguda" and "Amanguda".
    "moh", "muh", "mhd", "moch", "mohd", "muhd", "lae", "namboru", "inanguda", "amanguda",
    // A religious teacher ("Kiai Fathorrahman") and, in Madura, his son ("Lora Badrus");
    // Sundanese "Aki" (grandfather); "Jaro", a Baduy or Banten village head.
    "kiai", "kyai", "lora", "aki", "jaro",
    // Sundanese and Madurese "Bibi" (aunt; also a maid, "bibi di rumah"), Bugis and
    // Toraja "Indo'" and "Ambe" (mother, father; "Indo" is also Indonesia), Mandar
    // "Kindo'" (mother), Malay "Mamak", Minang "Ajo" (elder brother), Sumba "Umbu" (a
    // nobleman), Banjar "Julak" (the eldest uncle or aunt).
    "bibi", "indo", "ambe", "kindo", "mamak", "ajo", "umbu", "julak",
    // "ko Afung", "koko Liem": a Chinese-Indonesian man; only before a capital, for in
    // the east "ko" is "you" ("ko mau ke mana").
    "ko", "koko",
    // Regional kin terms and titles: Sundanese "ceu", Minang "etek" and "buya", Lampung
    // "atu", eastern "tanta", "usi", "mama" and "bapa", Malay "wak", Batak "opung",
    // "amang" and "inang", Sasak "amaq", "inaq" and "mamiq", Bugis "puang", Acehnese
    // "teungku" and "keuchik".
    "ceu", "ceuceu", "etek", "buya", "atu", "tanta", "usi", "mama", "bapa", "wak", "uwak", "opung", "amang", "inang",
    "amaq", "inaq", "mamiq", "puang", "teungku", "keuchik",
    // Batak "boru" before a woman's clan: "Ompung boru Tiomina", "Riris boru Lumban
    // Gaol". ("Ompung" is left out: "si Ompung" is someone's nickname.)
    "boru", // Papuan "Pace" and "Mace", a man and a woman: "Pace Marthen".
    "pace", "mace", "si", // the article before a name in speech ("si Ijah"; "si kecil" is a common word)
    // Church, clinic and English titles: "Suster Agnes", "Romo Yohanes", "Sister Agnes".
    "suster", "bruder", "romo", "pater", "pendeta", "bidan", "hajjah", "sister", "brother", "madam", "uncle", "aunt",
    "auntie", "pastor",
    // Police and military ranks, and village and district heads: "Bripka Andi", "Kompol
    // Darmawan", "Pak Kades Sutrisno" (a raid names the officer).
    "bripda", "briptu", "brigpol", "bripka", "brigadir", "aipda", "aiptu", "ipda", "iptu", "akp", "kompol", "akbp",
    "kombes", "brigjen", "irjen", "komjen", "prada", "pratu", "praka", "kopda", "koptu", "kopka", "serda", "sertu",
    "serka", "serma", "pelda", "peltu", "letda", "lettu", "kapten", "mayor", "letkol", "kolonel", "sersan", "kopral",
    "letnan", "kades", "lurah", "camat",
    // Sundanese "Jang" (a boy or young man, from "Ujang"), only before a capital: "jang"
    // is also "jangan" (don't) in chats. Palembang "Ayuk" and "Yuk" (elder sister),
    // only before a capital: "yuk" is also "let's".
    "jang", "ayuk", "yuk",
];
const ADDRESS_CUES: &[&str] = &[
    "jl",
    "jln",
    "jalan",
    "gg",
    "gang",
    "kel",
    "kelurahan",
    "kec",
    "kecamatan",
    "desa",
    "ds",
    "dusun",
    "dsn",
    "blok",
    "perum",
    "perumahan",
    // A national housing estate by its number and town: "Perumnas III Waena Blok D".
    "perumnas",
    "komplek",
    "kompleks",
    "komp",
    "kp",
    "kampung",
    "dukuh",
    "lorong",
    "lr",
    // A town's quarter in North Sumatra, by its number: "Lingkungan III", "Lingkungan 4"
    // (`place::address` takes nothing else after it: "Dinas Lingkungan Hidup").
    "lingkungan",
    "lrg",
    "griya",
    "residence",
    "cluster",
    "jalan raya",
    "jl raya",
];
const ADDRESS_NUMBER_CUES: &[&str] = &["no", "nomor", "nmr", "rt", "rw", "kav", "kavling"];
const VENUE_CUES: &[&str] = &[
    // A Batak eatery and toddy bar: "Lapo Tuak Marsada"; a phone shop, "konter Cell
    // Jaya".
    "lapo",
    "lapo tuak",
    // A Minang coffee stall: "Lapau Uni Yul".
    "lapau",
    // A Timorese stall, "Lopo Mama Tina"; a laundry, "laundry Kiloan Bersih".
    "lopo",
    "laundry",
    "konter",
    "hotel",
    "wisma",
    "kost",
    "kos",
    "kosan",
    "kostan",
    // A rented house by its owner's name: "Kontrakan Haji Dullah".
    "kontrakan",
    "apartemen",
    "apartment",
    "apt",
    "losmen",
    "penginapan",
    "guest house",
    "guesthouse",
    "homestay",
    "cottage",
    "cottages",
    "villa",
    "vila",
    "karaoke",
    "ktv",
    "warkop",
    "rumah pijat",
    "spa",
    "panti pijat",
    "tower",
    "twr",
    "motel",
    "resort",
    "hostel",
    "inn",
    "kafe",
    "cafe",
    "cafe & karaoke",
    "club",
    "klub",
    "diskotik",
    "diskotek",
    "pub",
    "lounge",
    "salon",
    "tempat pijat",
    "pijat",
    "rumah makan",
    "warung",
    "kedai",
    "toko",
    "bengkel",
    // A pharmacy by its name: "Apotek Kasih Karo".
    "apotek",
    "apotik",
    // A room alone ("kamar 207"): `place::venue` reads only its number.
    "kamar",
    "kmr",
    "room",
    "pondok",
    "mess",
    "asrama",
    "rusun",
    "rusunawa",
    "condotel",
    "apart",
    "apartement",
    "aparteman",
];
/// Organisations where participants are reached, treated or pray: the NGOs of
/// outreach work, companies, clinics, churches, mosques, schools, police stations.
const ORG_CUES: &[&str] = &[
    "yayasan",
    "lsm",
    // A bureau by its name: "Biro Psikologi Cahaya Hati".
    "biro",
    "ngo",
    "pkbi",
    "lbh",
    "pt",
    "cv",
    "koperasi",
    "puskesmas",
    "pustu",
    "klinik",
    "rs",
    "rsu",
    "rsud",
    "rsd",
    "rsup",
    "rsia",
    "rsj",
    "rumah sakit",
    "gereja",
    "jemaat",
    "gki",
    "gpm",
    "gkj",
    "gmit",
    "gmim",
    "gpib",
    "gbi",
    "hkbp",
    // Churches of Pentecost, of the Batak, Karo and Simalungun, of Halmahera and
    // Central Sulawesi: "GPdI Karawaci", "GBKP Kabanjahe".
    "gpdi",
    "gbkp",
    "gkps",
    "gkpi",
    "gmih",
    "gkst",
    "gkii",
    "masjid",
    "mesjid",
    "musholla",
    "mushola",
    "pura",
    "vihara",
    "klenteng",
    "universitas",
    "univ",
    // State Islamic universities and institutes, and colleges: "UIN Raden Fatah",
    // "IAIN Ternate", "STKIP Bima".
    "uin",
    "iain",
    "stain",
    "stie",
    "stkip",
    "stmik",
    "institut",
    "politeknik",
    "akademi",
    "stikes",
    "sekolah",
    "sd",
    "sdn",
    "smp",
    "smpn",
    "sma",
    "sman",
    "smk",
    "smkn",
    "mts",
    "mtsn",
    "madrasah",
    "pesantren",
    "ponpes",
    "pondok pesantren",
    "polsek",
    "polres",
    // A police command's headquarters: "dibawa ke Mapolres Buleleng".
    "mapolres",
    "mapolda",
    "mapolsek",
    "polresta",
    "polrestabes",
    "polda",
    "satreskrim",
    "brimob",
    // Army, navy and air-force commands with their number or town: "Kodim 1801",
    // "Lanal Tual", "Lantamal XI"; a government office: "Dinas Kesehatan Kabupaten
    // Maluku Tenggara". Short forms that often stand alone ("Koramil", "Dinsos",
    // "Pemko") are left out: in no lexicon, they are shown for review.
    "kodim",
    "korem",
    "kodam",
    "lanal",
    "lantamal",
    "lanud",
    "yonif",
    "dinas",
    "sanggar",
    "paguyuban",
    "komunitas",
    // An AIDS commission, a credit union, an office: "KPA Kabupaten Mamuju", "Credit
    // Union Keling Kumang", "Sekretariat Bumi Anoa".
    "kpa",
    "credit union",
    "sekretariat",
    // An organisation's office: "Kantor Yayasan Sipakatau Sehat".
    "kantor",
    // Associations, unions and networks: "Perkumpulan Kapuas Peduli", "Serikat Pekerja
    // Seks Kalbar" (the name after them in capitals, as after "Yayasan").
    "perkumpulan",
    "perhimpunan",
    "himpunan",
    "ikatan",
    "persatuan",
    "serikat",
    "lembaga",
    "asosiasi",
    "koalisi",
    // National commissions and social institutions: "Komnas Perempuan", "Panti Sosial
    // Bina Karya Harapan" ("panti pijat" is a venue).
    "komnas",
    "satpol pp",
    "panti sosial",
    "panti asuhan",
    "panti rehabilitasi",
    // A shelter: "Rumah Singgah Yayasan Pesisir Sehati"; a power station: "PLTU
    // Asam-Asam".
    "rumah singgah",
    "pltu",
];
/// Landmarks that say where someone works or waits: markets, terminals, squares,
/// malls, beaches. "Mall", "Plaza" and "Square" also end a name ("Lippo Plaza").
const LANDMARK_CUES: &[&str] = &[
    "pasar",
    "terminal",
    "stasiun",
    "bandara",
    "pelabuhan",
    "lapangan",
    "benteng",
    "alun-alun",
    "alun alun",
    "simpang",
    "bundaran",
    "tugu",
    "taman",
    "pantai",
    "jembatan",
    "monumen",
    "museum",
    // Names of the land itself, in capitals: "Tanjung Bunga", "Bukit Bintang".
    "tanjung",
    "bukit",
    "teluk",
    "pulau",
    "gunung",
    "danau",
    "sungai",
    // Roundabouts, stadiums, jetties, reservoirs and fish markets ("Lingkaran
    // Brawijaya", "Stadion Manahan", "Dermaga Kayangan", "Waduk Gajah Mungkur", "TPI
    // Bajomulyo"); estates ("Kebun Handil"); villages named by their Acehnese, Minang
    // and Kei word ("Gampong Jawa", "Jorong Tanjuang Haro", "Ohoi Ngilngof"; not Minang
    // "Nagari", which "Bank Nagari" is named with), and by the Lampung word ("Pekon
    // Padang Cahya").
    "lingkaran",
    "stadion",
    "dermaga",
    "waduk",
    "bendungan",
    "tpi",
    "kebun",
    // A palace, a refinery and a named building: "Keraton Kasepuhan", "Kilang
    // Balongan", "Gedung Soetedja".
    "keraton",
    "kilang",
    "gedung",
    // A filling station by its town: "SPBU Losarang"; a cathedral: "Katedral Atambua".
    "spbu",
    "katedral",
    "gampong",
    "jorong",
    "ohoi",
    // A Batak village: "Huta Paung, Dolok Sanggul".
    "huta",
    "pekon",
    "mall",
    "mal",
    "plaza",
    "square",
    // A waterfall, hot springs, a tower and an industrial estate: "Air Terjun Saluopa",
    // "Pemandian Air Panas Kalianget", "Menara Siger", "Kawasan Industri Bantaeng".
    "air terjun",
    "pemandian",
    "pemandian air panas",
    // "Kolam Air Panas Rante Sepang"; a palace by its name: "Istana Alwatzikhoebillah".
    "kolam air panas",
    "istana",
    // A saint's or a hero's tomb: "Makam Sunan Drajat"; a lake: "Telaga Sarangan".
    "makam",
    "telaga",
    "menara",
    "kawasan industri",
];
/// Hotel chains found in Indonesian cities, lower case; a branch is named by the
/// words after the brand.
const HOTEL_BRANDS: &[&str] = &[
    "favehotel",
    "aryaduta",
    "novotel",
    "mercure",
    "grand mercure",
    "ibis",
    "aston",
    "amaris",
    "santika",
    "horison",
    "whiz",
    "zest",
    "yello",
    "tentrem",
    "dafam",
    "kyriad",
    "alana",
    "sheraton",
    "hilton",
    "hyatt",
    "marriott",
    "westin",
    "pullman",
    "swiss-belhotel",
    "swiss-belinn",
    "swiss-belresort",
    "best western",
    "four points",
    "holiday inn",
    "luminor",
    "reddoorz",
    "oyo",
    "travelodge",
    "batiqa",
    "citradream",
    "cordela",
    "tjokro",
    "harper",
    "grand inna",
    "harris",
    "fox harris",
    "pesonna",
    "zuri",
    "grand zuri",
    "sahid",
    "grand sahid",
    "kempinski",
    "shangri-la",
    "intercontinental",
    "crowne plaza",
    "le meridien",
];
const BANK_CUES: &[&str] = &[
    "bca",
    "bri",
    "bni",
    "mandiri",
    "bsi",
    "cimb",
    "cimb niaga",
    "niaga",
    "danamon",
    "permata",
    "btn",
    "btpn",
    "jenius",
    "jago",
    "bank jago",
    "seabank",
    "bank",
    "maybank",
    "panin",
    "mega",
    "ocbc",
    "bjb",
    // A regional development bank by its province ("BPD Bali", "BPD Kaltimtara").
    "bpd",
    "bank dki",
    "muamalat",
    "rek",
    "rekening",
    // Whose: "Rekeningnya atas nama Hadi Purnomo, 1481 0092 77".
    "rekeningnya",
    "rekeningku",
    "rekeningmu",
    "no rek",
    "norek",
    "no rekening",
    "nomor rekening",
    "nomer rekening",
    "no. rek",
    "va",
    "virtual account",
    "ovo",
    "dana",
    "gopay",
    "shopeepay",
    "linkaja",
    "spay",
    "tf",
    "transfer",
    "trf",
    "kode bayar",
    "kode pembayaran",
    "kode va",
    "no va",
    "nomor va",
    "kode transfer",
    "kode billing",
    // A member's number at a credit union or a cooperative ("nomor anggota
    // 11.0423.0887"): it opens the member's account.
    "nomor anggota",
    "no anggota",
    "no. anggota",
];
const MICHAT_CUES: &[&str] = &[
    "id michat",
    "michat id",
    "id mi chat",
    "mi chat id",
    "id mc",
    "mc id",
    "cari di michat",
    "cari aku di michat",
    "cari saya di michat",
    "add michat",
    "add mc",
    "akun michat",
    "id michatnya",
    "idnya michat",
    "username michat",
    "michat username",
    "nama michat",
    "michat aku",
    "michat saya",
    "michatku",
    "michat id nya",
    "id michat ku",
    "id michat aq",
    "id michat aku",
    "michat ku",
    "michat aq",
    "ID michatku",
];
const MICHAT_COLON_CUES: &[&str] = &["michat", "mi chat", "mc"];
/// "a.n." and "a/n" are read only after an account number (see `names::holder_after_account`):
/// alone, "an" is too often English or a typo.
const NAMING_CUES: &[&str] = &[
    "atas nama",
    "panggil",
    "panggil aja",
    "panggil aj",
    "panggil saja",
    "panggil aku",
    "panggil aq",
    "panggil saya",
    "panggil gue",
    "dipanggil",
    "namaku",
    "nama aku",
    "nama aq",
    "nama saya",
    "nama gue",
    "nama gw",
    "namanya",
    "ganti nama",
    "ganti jadi",
    "nama samaran",
    // A profile's name: "Nama tampilan: Intan 💎", "sa pakai nama \"Nona Manis\"".
    "nama tampilan",
    "nama profil",
    "nama akun",
    "pakai nama",
    "pake nama",
    // Riau Malay: "kamek pakai name \"Cici Manja\"".
    "pakai name",
    "memakai nama",
    // The name on an identity card: "Mami Joni (nama KTP Jonaidi)".
    "nama ktp",
    "namonyo",
    // Who a client claims to be: "ngakunya Ramdan" (capitals only: "ngakunya polisi").
    "ngakunya",
    "display name",
    // Javanese and Sundanese: "jenenge Sukro", "ngaranna Lilis", "nami abdi Euis".
    "jenenge",
    "jenengku",
    // "orang kampung manggil Ipe'" (call, in speech).
    "manggil",
    "nami kula",
    "ngaranna",
    "ngaran abdi",
    "nami abdi",
    "namina",
    "nami asli",
    // A real name or a nickname given beside another: "Mas Rudi alias \"Gondrong\"",
    // "aslinya Jayanti", Minang "atas namo Yusnidar".
    "alias",
    "nama asli",
    "nama aslinya",
    "aslinya",
    "atas namo",
    // Banjar "ngaran" (name) and "dikiyau" (called), Javanese "jeneng": "Tamu ngaran
    // Rahmadi", "atas jeneng Suwati", "jeneng lengkape Sudarto Wiryono".
    "ngaran",
    "ngaran asli",
    "dikiyau",
    "jeneng",
    "jeneng lengkape",
    "nama lengkap",
    "nama lengkapnya",
    // "polisi bernama Nofriadi", "admin bernama \"Buyuang\"" (capitals only).
    "bernama",
    // The name someone is called by: "Kwee Siok Lan, panggilannya Alan".
    "panggilannya",
    "panggilanku",
    // Regional words for "I", before a name in capitals only
    // (`names::naming_cue_takes_capitals_only`): Banjar "Ulun Norhayati", "Unda Ijah",
    // Pontianak "Kamek Dayang", Hakka "Ngai A Fung", Cirebon "Isun Karsih".
    "ulun",
    "unda",
    "kamek",
    "ngai",
    "isun",
    // Banyumas and Tegal "nyong", "inyong": "Halo semua, nyong Kasirah".
    "nyong",
    "inyong",
];
const HANDLE_CUES: &[&str] = &[
    "ig",
    "igku",
    "insta",
    "instagram",
    "line",
    "lineku",
    "tele",
    "telegram",
    "tiktok",
    "twitter",
    "snapchat",
    "discord",
    "akun",
    "username",
    "uname",
    "id",
    "follow",
    // A group's name in quotes (`web::group_names`), nothing else.
    "grup",
    "grupnya",
    "group",
    "subjek",
    "subject",
];

/// A word token as the table in front of the automaton sees it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Entry {
    /// Its `word_hash`, if it is ASCII (else 0).
    pub hash: u64,
    /// The slot of the table word it is (in any case), if it is one.
    pub slot: Option<usize>,
    /// Whether it may begin an entry that the engine acts on.
    pub acts: bool,
    /// The flags of the entry that is this word alone (0 if none is).
    pub flags: u16,
}

/// What the automaton found at a word start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub end: usize,
    pub flags: u16,
}

/// Flags that make the engine act on a word wherever it stands; a word that is only
/// common or a decoy matters only next to a cue, where the cue's code asks about it.
const ACTIONABLE: u16 = NAME
    | PLACE
    | HONORIFIC
    | ADDRESS
    | ADDRESS_NUMBER
    | VENUE
    | BANK
    | MICHAT
    | MICHAT_COLON
    | NAMING
    | HANDLE_CUE
    | ORG
    | LANDMARK
    | BRAND;

/// Words of up to this many bytes are held in the table itself; a longer one (no
/// lexicon has any) is left to the automaton.
const SLOT_WORD: usize = 16;

/// A one-word entry of the table in front of the automaton: sixteen bytes, so that the
/// table of 32,768 slots fits the 512 KB second-level cache (its word is in
/// `Lexicon::lower`, read only for words of more than eight bytes, see `Lexicon::slot`).
#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u64,
    len: u8,
    /// The flags of the entry that is this word alone.
    flags: u16,
    /// Whether longer entries start with this word ("jakarta" of "jakarta selatan").
    starts_longer: bool,
    /// Whether an entry that starts with this word is one the engine acts on.
    acts: bool,
    /// Where the two bytes that follow this word in its longer entries (" s" of
    /// "jakarta selatan") are in `Lexicon::continuations`, and how many there are;
    /// `u8::MAX` if another word has this one's hash.
    continuations_at: u16,
    continuations: u8,
}

pub(crate) struct Lexicon {
    automaton: NFA,
    flags: Vec<u16>,
    /// Whole words by hash, open addressing with linear probing (a power of two, at
    /// most half full): most lookups are one word, and a probe here is cheaper than the
    /// automaton's walk; the walk remains for entries of several words.
    words: Vec<Slot>,
    /// The lower-cased word of each slot, zero-padded (see `folded`).
    lower: Vec<[u8; SLOT_WORD]>,
    /// See `Slot::continuations_at`: unless the text goes on like one of its longer
    /// entries, a word is answered from its slot, without the walk.
    continuations: Vec<[u8; 2]>,
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

/// Lexicon lines: lower case, one entry a line, '#' starts a comment line.
/// The word an entry starts with, by which the table keys it.
fn first_word(pattern: &str) -> &str {
    pattern
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default()
}

pub(crate) fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn build() -> Self {
        // foldhash, not SipHash: the build runs at every command's start, and no input
        // chooses these keys.
        let mut index: FoldMap<String, usize> = FoldMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut flags: Vec<u16> = Vec::new();
        let mut add = |word: &str, flag: u16| {
            let key = word
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase();
            if key.is_empty() {
                return;
            }
            let i = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                flags.push(0);
                patterns.len() - 1
            });
            flags[i] |= flag;
        };
        entries(GIVEN_NAMES).for_each(|w| add(w, NAME));
        entries(PLACES).for_each(|w| add(w, PLACE));
        entries(COMMON_WORDS).for_each(|w| add(w, COMMON));
        entries(DECOYS).for_each(|w| add(w, DECOY));
        // A campus is an organisation by itself (ORG and BRAND both); COMMON marks one
        // found only in capitals.
        for campus in entries(CAMPUSES) {
            let capitals_only = campus.bytes().any(|b| b.is_ascii_uppercase());
            add(campus, ORG | BRAND | if capitals_only { COMMON } else { 0 });
        }
        let cues: [(&[&str], u16); 12] = [
            (HONORIFICS, HONORIFIC),
            (ADDRESS_CUES, ADDRESS),
            (ADDRESS_NUMBER_CUES, ADDRESS_NUMBER),
            (VENUE_CUES, VENUE),
            (BANK_CUES, BANK),
            (MICHAT_CUES, MICHAT),
            (MICHAT_COLON_CUES, MICHAT_COLON),
            (NAMING_CUES, NAMING),
            (HANDLE_CUES, HANDLE_CUE),
            (ORG_CUES, ORG),
            (LANDMARK_CUES, LANDMARK),
            (HOTEL_BRANDS, BRAND),
        ];
        for (words, flag) in cues {
            words.iter().for_each(|w| add(w, flag));
        }
        // Built on the lower-cased entries and walked with lower-cased bytes: an automaton
        // that folds case itself has twice the transitions and took a third longer to
        // build, at every command's start.
        let automaton = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("the built-in lexicons compile into an automaton");
        // At most two thirds full, by the words entries start with: many places share
        // theirs ("tanjung", "simpang"), and a smaller table stays in the cache (about
        // 10,500 words fill 16,384 slots to 0.64, where twice the slots would not fit
        // the 512 KB second-level cache).
        let first_words: FoldSet<&str> = patterns.iter().map(|p| first_word(p)).collect();
        let mut words = vec![Slot::default(); (first_words.len() * 3 / 2).next_power_of_two()];
        let mut lower = vec![[0u8; SLOT_WORD]; words.len()];
        let mask = words.len() - 1;
        // By slot: the continuations of its longer entries, `None` after a collision.
        let mut continued: FoldMap<usize, Option<Vec<[u8; 2]>>> = FoldMap::default();
        for (pattern, &f) in patterns.iter().zip(&flags) {
            let first = first_word(pattern).as_bytes();
            let hash = word_hash(first);
            let mut i = hash as usize & mask;
            while words[i].len != 0 && words[i].hash != hash {
                i = (i + 1) & mask;
            }
            let slot = &mut words[i];
            // A multi-word decoy ("idul fitri") must be seen whole, or its last word
            // would be taken alone (Fitri, a name).
            slot.acts |= f & ACTIONABLE != 0 || (f & DECOY != 0 && pattern.contains(' '));
            if slot.len == 0 {
                slot.hash = hash;
                slot.len = u8::try_from(first.len()).unwrap_or(u8::MAX);
                // A word too long for the slot is left to the automaton, as `word` cannot
                // compare it.
                if let Some(lower) = lower[i].get_mut(..first.len()) {
                    lower.copy_from_slice(first);
                }
            }
            if lower[i].get(..first.len()) != Some(first) || usize::from(slot.len) != first.len() {
                // Two words with one hash: leave both to the automaton.
                slot.starts_longer = true;
                continued.insert(i, None);
            } else if first.len() == pattern.len() {
                slot.flags |= f;
            } else {
                slot.starts_longer = true;
                let next = pattern.as_bytes().get(first.len()..first.len() + 2);
                match (continued.entry(i).or_insert(Some(Vec::new())), next) {
                    (Some(set), Some(&[a, b])) => set.push([a, b]),
                    // One byte more ("no."): only the walk can tell.
                    (set, _) => *set = None,
                }
            }
        }
        let mut continuations = Vec::new();
        for (i, set) in continued {
            let slot = &mut words[i];
            match set {
                Some(mut set) if continuations.len() + set.len() <= usize::from(u16::MAX) && set.len() < 255 => {
                    set.sort_unstable();
                    set.dedup();
                    slot.continuations_at = u16::try_from(continuations.len()).unwrap_or(u16::MAX);
                    slot.continuations = u8::try_from(set.len()).unwrap_or(u8::MAX);
                    continuations.extend(set);
                }
                _ => slot.continuations = u8::MAX,
            }
        }
        Lexicon {
            automaton,
            flags,
            words,
            lower,
            continuations,
        }
    }

    /// The slot of the word `word` (ASCII letters and digits, any case) whose `word_hash` is `hash`:
    /// `Ok(None)` if no entry starts with it, `Err(())` if another word has its hash or
    /// it is too long for the table (then only the walk can tell).
    #[inline]
    fn slot(&self, word: &[u8], hash: u64) -> Result<Option<usize>, ()> {
        let mask = self.words.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = &self.words[i];
            if slot.len == 0 {
                return Ok(None);
            }
            if slot.hash == hash {
                // `word_hash` is one-to-one on the case-folded words of up to eight
                // bytes (at most two overlapping loads, one bijective mix): only a
                // longer word's letters need comparing.
                let same = usize::from(slot.len) == word.len()
                    && (word.len() <= 8 || folded(word).ok_or(())? == self.lower[i]);
                return if same { Ok(Some(i)) } else { Err(()) };
            }
            i = (i + 1) & mask;
        }
    }

    fn word(&self, word: &[u8], hash: u64) -> Result<Option<&Slot>, ()> {
        self.slot(word, hash).map(|i| i.map(|i| &self.words[i]))
    }

    /// What the table says about the word `word`, for the engine's pass: every token
    /// is looked up once, for the lexicon and for the registered identifiers
    /// (`Lexicon::slot_words`). The caller passes only ASCII words (`scan_token`
    /// tells); the table holds no other.
    #[inline]
    pub fn entry(&self, word: &[u8]) -> Entry {
        let hash = word_hash(word);
        match self.slot(word, hash) {
            Ok(None) => Entry {
                hash,
                ..Entry::default()
            },
            Ok(Some(i)) => Entry {
                hash,
                slot: Some(i),
                acts: self.words[i].acts,
                flags: self.words[i].flags,
            },
            Err(()) => Entry {
                hash,
                slot: None,
                acts: true,
                flags: 0,
            },
        }
    }

    /// The lower-cased words of the table by slot (empty where no word is): callers
    /// precompute what they need per word and index it by `Entry::slot`.
    pub fn slot_words(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.slots()).map(|i| self.slot_word(i))
    }

    /// The number of slots of the table (`Entry::slot` is below it).
    pub fn slots(&self) -> usize {
        self.words.len()
    }

    /// The lower-cased word of slot `i` (empty where no word is).
    pub fn slot_word(&self, i: usize) -> &[u8] {
        self.words
            .get(i)
            .zip(self.lower.get(i))
            .and_then(|(w, lower)| lower.get(..usize::from(w.len)))
            .unwrap_or_default()
    }

    /// Calls `found(end, flags)` for every lexicon entry that starts at `start` and ends
    /// on a word boundary, shortest first.
    fn walk(&self, text: &str, start: usize, mut found: impl FnMut(usize, u16)) {
        let Ok(mut sid) = self.automaton.start_state(Anchored::Yes) else {
            return;
        };
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate().skip(start) {
            sid = self.automaton.next_state(Anchored::Yes, sid, b.to_ascii_lowercase());
            if self.automaton.is_special(sid) {
                if self.automaton.is_dead(sid) {
                    return;
                }
                if self.automaton.is_match(sid) && !is_word_char_at(text, i + 1) {
                    for k in 0..self.automaton.match_len(sid) {
                        let pid = self.automaton.match_pattern(sid, k);
                        if self.automaton.pattern_len(pid) == i + 1 - start {
                            found(i + 1, self.flags[pid.as_usize()]);
                        }
                    }
                }
            }
        }
    }

    /// The longest entry starting at the word start `start`.
    pub fn longest(&self, text: &str, start: usize) -> Option<Hit> {
        let b = text.as_bytes();
        let end = start + b[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        self.longest_hashed(text, start, end, word_hash(&b[start..end]))
    }

    /// `longest`, given the end of the word's ASCII letters and digits at `start` and
    /// their `word_hash`.
    fn longest_hashed(&self, text: &str, start: usize, end: usize, hash: u64) -> Option<Hit> {
        self.longest_of(text, start, end, self.word(&text.as_bytes()[start..end], hash))
    }

    /// `longest` of the token `start..end` that `entry` looked up already: its slot is
    /// not probed for again.
    pub fn longest_entry(&self, text: &str, start: usize, end: usize, entry: Entry) -> Option<Hit> {
        match entry.slot {
            Some(i) => self.longest_of(text, start, end, Ok(self.words.get(i))),
            None => self.longest_hashed(text, start, end, entry.hash),
        }
    }

    /// `longest`, given what the table says about the word `start..end`.
    fn longest_of(&self, text: &str, start: usize, end: usize, word: Result<Option<&Slot>, ()>) -> Option<Hit> {
        match word {
            Ok(Some(w)) if !w.starts_longer || !self.may_continue(w, text, end) => {
                (w.flags != 0 && !is_word_char_at(text, end)).then_some(Hit { end, flags: w.flags })
            }
            Ok(None) if end > start && !is_word_char_at(text, end) => None,
            _ => {
                let mut hit = None;
                self.walk(text, start, |end, flags| hit = Some(Hit { end, flags }));
                hit
            }
        }
    }

    /// Whether the text after the word of `slot` (ending at `end`) may go on like one of
    /// its longer entries.
    fn may_continue(&self, slot: &Slot, text: &str, end: usize) -> bool {
        if slot.continuations == u8::MAX {
            return true;
        }
        let b = text.as_bytes();
        let (Some(&a), Some(&c)) = (b.get(end), b.get(end + 1)) else {
            return false;
        };
        let at = usize::from(slot.continuations_at);
        self.continuations[at..at + usize::from(slot.continuations)]
            .contains(&[a.to_ascii_lowercase(), c.to_ascii_lowercase()])
    }

    /// The flags of the entry that is exactly `text[start..end]` (0 if none).
    pub fn exact(&self, text: &str, start: usize, end: usize) -> u16 {
        let Some(word) = text.as_bytes().get(start..end) else {
            return 0;
        };
        if word.iter().all(u8::is_ascii_alphanumeric) {
            if let Ok(found) = self.word(word, word_hash(word)) {
                return found.map_or(0, |w| w.flags);
            }
        }
        let mut flags = 0;
        let Some(text) = text.get(..end) else { return 0 };
        self.walk(text, start, |e, f| {
            if e == end {
                flags = f;
            }
        });
        flags
    }
}

/// The ASCII letters and digits `word` lower-cased into a zero-padded slot word (setting
/// bit 5 lower-cases letters and leaves digits as they are), compared whole instead of
/// byte by byte; `None` if it is too long for a slot. The word is read in at most two
/// overlapping loads, as `word_hash` reads it: copying a variable length into a buffer
/// and reading it back whole stalled the lookup.
#[inline]
fn folded(word: &[u8]) -> Option<[u8; SLOT_WORD]> {
    let n = word.len();
    let load8 = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    let load4 = |b: &[u8]| u64::from(u32::from_le_bytes(b.try_into().unwrap_or_default()));
    // Overlapping loads put the same bytes at the same places, so or-ing them is exact.
    let (lo, hi) = match n {
        0 => (0, 0),
        1..=3 => (
            u64::from(word[0]) | u64::from(word[n / 2]) << (8 * (n / 2)) | u64::from(word[n - 1]) << (8 * (n - 1)),
            0,
        ),
        4..=7 => (load4(&word[..4]) | load4(&word[n - 4..]) << (8 * (n - 4)), 0),
        8 => (load8(word), 0),
        9..=SLOT_WORD => (load8(&word[..8]), load8(&word[n - 8..]) >> (8 * (SLOT_WORD - n))),
        _ => return None,
    };
    let case =
        u128::MAX.checked_shr(8 * (SLOT_WORD - n) as u32).unwrap_or(0) & 0x2020_2020_2020_2020_2020_2020_2020_2020;
    Some((u128::from(hi) << 64 | u128::from(lo) | case).to_le_bytes())
}

/// A fast, unkeyed hash of an ASCII word, eight bytes at a time; setting bit 5 of every
/// byte folds the case of letters and leaves digits as they are.
pub(crate) fn word_hash(word: &[u8]) -> u64 {
    let mix = |h: u64, x: u64| {
        (h ^ x | 0x2020_2020_2020_2020)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29)
    };
    let mut h = word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        h = mix(h, u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
    }
    // The tail in at most two overlapping loads, without a copy.
    let t = chunks.remainder();
    let n = t.len();
    let x = if n >= 4 {
        let lo = u32::from_le_bytes(t[..4].try_into().unwrap_or_default());
        let hi = u32::from_le_bytes(t[n - 4..].try_into().unwrap_or_default());
        u64::from(lo) | u64::from(hi) << 32
    } else if n > 0 {
        u64::from(t[0]) | u64::from(t[n / 2]) << 8 | u64::from(t[n - 1]) << 16
    } else {
        0
    };
    mix(h, x)
}

/// Whether the char starting at byte `i` is part of a word (letter or digit); false at
/// the end of the text and inside a char (never the case for the callers' offsets).
/// Inlined for the ASCII bytes nearly every call sees (the end of each lexicon hit);
/// the char decoding stays out of line.
#[inline]
pub(crate) fn is_word_char_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(&b) if b.is_ascii() => is_ascii_word_byte(b),
        Some(_) => is_word_char_at_unicode(text, i),
    }
}

#[inline(never)]
fn is_word_char_at_unicode(text: &str, i: usize) -> bool {
    text.get(i..).and_then(|s| s.chars().next()).is_some_and(is_word_char)
}

/// Whether `c` is a letter or a digit, as `char::is_alphanumeric` says. The emoji,
/// variation selectors and general punctuation that fill chats are answered without
/// the Unicode tables' search, which showed in a chat import's profile (the test
/// `plain_symbols_are_not_word_chars` checks every char of the ranges).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    !matches!(c, '\u{2000}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F300}'..='\u{1FAFF}') && c.is_alphanumeric()
}

/// Bits of `BYTE_CLASS`.
const LOWER: u8 = 1;
const DIGIT: u8 = 2;
const UPPER: u8 = 4;

/// What each byte is, for the engine's token scan: one load and a test per byte
/// instead of the three range checks of `is_ascii_alphanumeric`.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Whether the byte is an ASCII letter or digit, in one table load.
#[inline]
pub(crate) fn is_ascii_word_byte(b: u8) -> bool {
    BYTE_CLASS[usize::from(b)] != 0
}

/// A word token as one scan of its bytes sees it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub end: usize,
    /// Whether the token is all ASCII (letters and digits).
    pub ascii: bool,
    /// Whether it has an ASCII letter, an ASCII digit, an upper-case ASCII letter.
    pub letters: bool,
    pub digits: bool,
    pub upper: bool,
}

/// The word (run of letters and digits) starting at `start`, in one pass: the engine
/// needs its end, whether it is ASCII and whether it holds letters, digits or capitals
/// for every token, and asking each in turn went over the bytes five times.
#[inline]
pub(crate) fn scan_token(text: &str, start: usize) -> Token {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut seen = 0;
    while let Some(&b) = bytes.get(i) {
        let class = BYTE_CLASS[usize::from(b)];
        if class == 0 {
            break;
        }
        seen |= class;
        i += 1;
    }
    let end = match bytes.get(i) {
        Some(&b) if b >= 0x80 => word_end_unicode(text, i),
        _ => i,
    };
    Token {
        end,
        ascii: end == i,
        letters: seen & (LOWER | UPPER) != 0,
        digits: seen & DIGIT != 0,
        upper: seen & UPPER != 0,
    }
}

/// The end of the word (run of letters and digits) starting at `start`.
#[inline]
pub(crate) fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    // Most words are ASCII: a tight loop inlined at every call, the char decoding only
    // if needed.
    while bytes.get(i).copied().is_some_and(is_ascii_word_byte) {
        i += 1;
    }
    match bytes.get(i) {
        Some(&b) if b >= 0x80 => word_end_unicode(text, i),
        _ => i,
    }
}

#[inline(never)]
fn word_end_unicode(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match text.get(i..).and_then(|s| s.chars().next()) {
                Some(c) if is_word_char(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// Whether the word at `start` begins with an upper-case letter.
pub(crate) fn is_capitalised(text: &str, start: usize) -> bool {
    match text.as_bytes().get(start) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => text
            .get(start..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase),
        None => false,
    }
}

/// Whether a capitalised word follows `end` after one space.
pub(crate) fn capitalised_word_after(text: &str, end: usize) -> bool {
    next_word(text, end, 1).is_some_and(|(s, _)| s == end + 1 && is_capitalised(text, s))
}

/// Whether the word at `start` opens a sentence, a line or a chat message, where a
/// capital letter says nothing about being a name.
pub(crate) fn is_sentence_initial(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t', '"', '\'', '(', '*', '_', '“', '‘']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', ';', '-', ']', '…', '”', '>'])
}

/// The start of the word that ends one space before `start`, if it is all letters.
pub(crate) fn word_before(text: &str, start: usize) -> Option<usize> {
    let gap = text[..start].strip_suffix(' ')?;
    word_ending_at(text, gap.len())
}

/// The start of the word of letters that ends at `end`, if one does.
pub(crate) fn word_ending_at(text: &str, end: usize) -> Option<usize> {
    let letters: usize = text[..end]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    (letters > 0).then(|| end - letters)
}

/// The word starting at or after `pos` in the same cell of the same line, after at
/// most `max_gap` spaces: its range. A tab parts a table's cells (a diary's "date \t
/// place \t who"): a name, a venue or an address does not go on over one into the
/// next cell.
pub(crate) fn next_word(text: &str, pos: usize, max_gap: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = pos;
    while i < b.len() && i - pos < max_gap && b[i] == b' ' {
        i += 1;
    }
    let end = word_end(text, i);
    (end > i).then_some((i, end))
}

/// Whether `text` ends with the ASCII `word`, in any case, as a whole word.
pub(crate) fn ends_with_word(text: &str, word: &str) -> bool {
    let Some(rest) = text.len().checked_sub(word.len()) else {
        return false;
    };
    // Equal ASCII bytes at `rest` make it a char boundary.
    text.as_bytes()[rest..].eq_ignore_ascii_case(word.as_bytes()) && !text[..rest].ends_with(char::is_alphanumeric)
}

/// The cue that `word`, an ASCII word in no lexicon, mistypes: a key held down at its
/// end ("michattt"), or one letter dropped, added or changed, or two neighbours
/// swapped ("mcihat", "prmata", "tranfer"). The first letter must be right: chat typos
/// keep it, and that keeps words that merely sound alike out.
///
/// The cues are those long enough that a typo in them still reads as the cue: a
/// MiChat ID after "mcihat" or an account after "prmata" is as exposed as after the
/// right spelling. Not "jenius", which one letter from "jenis" (a kind) would make a
/// cue.
pub(crate) fn mistyped_cue(word: &[u8]) -> Option<&'static str> {
    // Every word not in the lexicon comes here: by its first letter, most have no cue
    // to compare with, the rest two or three.
    let cues: &[&'static str] = match word.first().map(|c| c | 0x20) {
        Some(b'm') => &["michat", "michatku", "mandiri", "maybank", "muamalat"],
        Some(b'd') => &["danamon"],
        Some(b'p') => &["permata"],
        Some(b's') => &["seabank", "shopeepay"],
        Some(b'r') => &["rekening"],
        Some(b't') => &["transfer"],
        Some(b'l') => &["linkaja"],
        _ => return None,
    };
    let mut w = word;
    while let [.., a, b] = w
        && a.eq_ignore_ascii_case(b)
        && w.len() > 4
    {
        w = &w[..w.len() - 1];
    }
    // The cues have six to nine letters.
    if !(5..=10).contains(&w.len()) {
        return None;
    }
    cues.iter()
        .copied()
        .find(|cue| w.len().abs_diff(cue.len()) <= 1 && one_typo_apart(w, cue.as_bytes()))
}

/// Whether `typed` is `cue` (lower case) or one drop, addition, change or swap of
/// neighbours away from it, in any case.
fn one_typo_apart(typed: &[u8], cue: &[u8]) -> bool {
    let same = |a: &[u8], b: &[u8]| a.eq_ignore_ascii_case(b);
    let first_difference = typed
        .iter()
        .zip(cue)
        .position(|(t, c)| !t.eq_ignore_ascii_case(c))
        .unwrap_or(typed.len().min(cue.len()));
    let i = first_difference;
    if typed.len() == cue.len() {
        i == typed.len()
            || same(&typed[i + 1..], &cue[i + 1..])
            || (i + 1 < typed.len()
                && typed[i].eq_ignore_ascii_case(&cue[i + 1])
                && typed[i + 1].eq_ignore_ascii_case(&cue[i])
                && same(&typed[i + 2..], &cue[i + 2..]))
    } else if typed.len() + 1 == cue.len() {
        same(&typed[i..], &cue[i + 1..])
    } else if typed.len() == cue.len() + 1 {
        same(&typed[i + 1..], &cue[i..])
    } else {
        false
    }
}

/// `text` with its ASCII letters lower-cased, as a canonical form (inline up to 24 bytes).
pub(crate) fn ascii_lowercase(text: &str) -> CompactString {
    let mut out = CompactString::from(text);
    out.make_ascii_lowercase();
    out
}

/// Lower-cased word tokens joined by single spaces: the canonical form of names,
/// places, venues and addresses, whatever the spacing and punctuation.
pub(crate) fn words_canonical(text: &str) -> CompactString {
    let b = text.as_bytes();
    let plain = b.iter().all(|&c| is_ascii_word_byte(c) || c == b' ')
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !b.windows(2).any(|w| w == b"  ");
    if plain {
        // ASCII words and single spaces (most names and places: "Sari", "Sari Dewi"):
        // its lower case, in one go.
        return ascii_lowercase(text);
    }
    if text.is_ascii() {
        // Nearly always: bytes, no char decoding. Word by word, lower-cased at the end:
        // pushing it char by char showed in the profile.
        let mut out = CompactString::with_capacity(text.len());
        for word in text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.make_ascii_lowercase();
        return out;
    }
    let mut out = CompactString::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let end = word_end(text, i);
        if end > i {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(text[i..end].chars().flat_map(char::to_lowercase));
            i = end;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// Pronouns, conjunctions and particles: a capitalised one never continues a name,
/// an address or a venue ("Jl. Mawar Terus …").
pub(crate) fn is_function_word(word: &str) -> bool {
    let mut buf = [0u8; 12];
    let Some(lower) = buf.get_mut(..word.len()) else {
        return false;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    // A match on the lower-cased bytes compiles to a few comparisons by length.
    matches!(
        &*lower,
        b"aku"
            | b"saya"
            | b"gue"
            | b"gua"
            | b"gw"
            | b"kamu"
            | b"anda"
            | b"kalian"
            | b"lu"
            | b"lo"
            | b"dia"
            | b"kami"
            | b"kita"
            | b"mereka"
            | b"ke"
            | b"di"
            | b"dari"
            | b"dan"
            | b"yang"
            | b"itu"
            | b"ini"
            | b"sama"
            | b"terus"
            | b"trus"
            | b"lalu"
            | b"tapi"
            | b"tp"
            | b"kalau"
            | b"kalo"
            | b"atau"
            | b"untuk"
            | b"buat"
            | b"dengan"
            | b"karena"
            | b"jadi"
            | b"ya"
            | b"iya"
            | b"tidak"
            | b"nggak"
            | b"gak"
            | b"ga"
            | b"sudah"
            | b"udah"
            | b"belum"
            | b"lagi"
            | b"mau"
            | b"bisa"
            | b"ada"
            | b"the"
            | b"and"
            | b"or"
            | b"to"
            | b"in"
            | b"at"
            | b"on"
            | b"of"
            | b"is"
            | b"dekat"
            | b"deket"
            | b"samping"
            | b"depan"
            | b"belakang"
            | b"sebelah"
            | b"pas"
            | b"waktu"
            | b"saat"
            | b"habis"
            | b"abis"
            | b"nah"
            | b"oh"
            | b"eh"
            | b"wah"
            // Particles of speech, capitalised by people who type Every Word So: "di
            // Padang Juga", "ke Solo Aja".
            | b"juga"
            | b"aja"
            | b"saja"
            | b"dulu"
            | b"deh"
            | b"dong"
            | b"sih"
            | b"kok"
            | b"nih"
            | b"tuh"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_of_a_cue_are_one_edit_from_it() {
        for (typed, cue) in [
            ("mcihat", "michat"),
            ("michattt", "michat"),
            ("mchat", "michat"),
            ("MIchta", "michat"),
            ("prmata", "permata"),
            ("tranfer", "transfer"),
            ("rekning", "rekening"),
            ("mandirii", "mandiri"),
            ("mchatku", "michatku"),
        ] {
            assert_eq!(mistyped_cue(typed.as_bytes()), Some(cue), "{typed}");
        }
        // Two edits, a wrong first letter, a real word, too short.
        for typed in ["pertama", "michael", "nichat", "mandi", "jenis", "mcht", "mic"] {
            assert_eq!(mistyped_cue(typed.as_bytes()), None, "{typed}");
        }
    }

    #[test]
    fn plain_symbols_are_not_word_chars() {
        let ranges = [
            ('\u{2000}', '\u{206F}'),
            ('\u{FE00}', '\u{FE0F}'),
            ('\u{1F300}', '\u{1FAFF}'),
        ];
        for (first, last) in ranges {
            for c in first..=last {
                assert!(!c.is_alphanumeric(), "{:04X}", u32::from(c));
            }
        }
        for c in ['é', 'ß', 'Ж', '٣', '８', 'ⁱ', '\u{1F100}', 'a', '7'] {
            assert!(is_word_char(c), "{c}");
        }
        for c in ['😘', '\u{FE0F}', '\u{202F}', '…', '’', ' ', '-'] {
            assert!(!is_word_char(c), "{:04X}", u32::from(c));
        }
    }

    #[test]
    fn longest_whole_word_entry_wins() {
        let t = "di Jakarta Selatan kemarin";
        let hit = LEXICON.longest(t, 3).map(|h| (&t[3..h.end], h.flags & PLACE));
        assert_eq!(hit, Some(("Jakarta Selatan", PLACE)));
    }

    #[test]
    fn longer_entries_are_walked_only_where_the_text_goes_on_like_them() {
        let hit = |t: &str| LEXICON.longest(t, 0).map(|h| (t[..h.end].to_owned(), h.flags));
        assert_eq!(
            hit("no rek 1234").map(|h| (h.0, h.1 & BANK)),
            Some(("no rek".into(), BANK))
        );
        assert_eq!(hit("No. Rek 1234").map(|h| h.0), Some("No. Rek".into()));
        assert_eq!(
            hit("no 12").map(|h| (h.0, h.1 & ADDRESS_NUMBER)),
            Some(("no".into(), ADDRESS_NUMBER))
        );
        assert_eq!(
            hit("Jakarta, kemarin").map(|h| (h.0, h.1 & PLACE)),
            Some(("Jakarta".into(), PLACE))
        );
        assert_eq!(hit("jakarta SELATAN").map(|h| h.0), Some("jakarta SELATAN".into()));
    }

    #[test]
    fn inner_prefixes_do_not_match() {
        // "budi" is a name but "budiman"'s prefix is not a whole word.
        assert_eq!(LEXICON.longest("budimanx", 0), None);
        assert_eq!(LEXICON.longest("bukanxyz", 0), None);
        // `exact` asks about a prefix, whatever follows it ("RT03").
        assert_ne!(LEXICON.exact("bukan", 0, 2) & HONORIFIC, 0);
    }

    #[test]
    fn cues_and_lists_combine_flags() {
        let f = LEXICON.exact("Mas", 0, 3);
        assert_ne!(f & HONORIFIC, 0);
        let f = LEXICON.exact("Desember", 0, 8);
        assert_ne!(f & DECOY, 0);
        assert_eq!(f & NAME, 0);
    }

    #[test]
    fn lexicons_hold_no_stray_words() {
        for w in [
            "and",
            "in",
            "on",
            "the",
            "of",
            "michat",
            "indonesia",
            "names",
            "di",
            "ke",
            "yang",
        ] {
            assert_eq!(LEXICON.exact(w, 0, w.len()) & NAME, 0, "{w} is no name");
        }
        for line in GIVEN_NAMES
            .lines()
            .chain(PLACES.lines())
            .filter(|l| !l.starts_with('#'))
        {
            assert!(
                !line.is_empty() && line == line.to_lowercase() && line.trim() == line,
                "{line:?}"
            );
        }
    }

    #[test]
    fn every_actionable_first_word_acts() {
        for w in [
            "Budi", "JAKARTA", "jl", "no", "Hotel", "panti", "id", "michat", "bca", "mas", "idul",
        ] {
            assert!(LEXICON.entry(w.as_bytes()).acts, "{w}");
        }
        for w in ["dia", "yang", "xqzzy"] {
            assert!(!LEXICON.entry(w.as_bytes()).acts, "{w}");
        }
        let slot = LEXICON.entry(b"Kak").slot;
        assert_eq!(slot.and_then(|i| LEXICON.slot_words().nth(i)), Some(&b"kak"[..]));
    }

    #[test]
    fn folded_is_the_lower_case_word_zero_padded() {
        let text = b"AbCdEfGhIjKlMnOpQ0123456789";
        for n in 0..=text.len() {
            let word = &text[..n];
            let want = (n <= SLOT_WORD).then(|| {
                let mut buf = [0u8; SLOT_WORD];
                buf[..n].copy_from_slice(&word.to_ascii_lowercase());
                buf
            });
            assert_eq!(folded(word), want, "{n}");
            let digits = &text[text.len() - n.min(10)..];
            assert_eq!(
                folded(digits).map(|f| f[..digits.len()].to_vec()),
                Some(digits.to_vec())
            );
        }
    }

    #[test]
    fn word_end_handles_unicode_letters() {
        assert_eq!(word_end("José di", 0), "José".len());
        assert_eq!(word_end("a😘", 0), 1);
    }
}

//! A deterministic generator of realistic field data with ground truth, for the
//! pseudonymisation engine's recall/precision test (`tests/pseudo_recall.rs`), its
//! benchmark (`benches/pseudo.rs`) and end-to-end import benchmarks
//! ([`write_import_corpus`]).
//!
//! What it writes looks like the study's material: interview transcripts ("Peneliti:
//! …", "P07: …") in colloquial Jakarta Indonesian mixed with English, and WhatsApp
//! exports (Android Indonesian, Android English 12-hour, iOS) between researchers,
//! participants, clients and a group of workers who warn each other. Into that text it
//! plants identifiers of every category the engine must find, and decoys it must leave
//! alone (weekdays, months, app names, religious words, prices, times, dates, ages,
//! profile stats, chat timestamps), each with its byte range and truth.
//!
//! Independence: every value below is written here, from general knowledge of
//! Indonesian names, places and formats, never taken from the engine's lexicons or
//! regexes, so that the measured recall means something. Some names are synthesised
//! from syllables so that no lexicon can hold them; they appear only after an
//! honorific cue or as registered participants' names, and are flagged as such.
//!
//! Everything is driven by one `StdRng::seed_from_u64(seed)`: the same seed gives the
//! same bytes, so a failure can be reproduced and a fix measured against the same
//! corpus.
// Each user (the recall test, the benchmark, an import test) uses a different part.
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// The identifier categories, in the engine's order (`fieldvault::pseudo::Category`);
/// kept separate from the engine's type so that the ground truth does not depend on
/// the code under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cat {
    Person,
    Place,
    Phone,
    Email,
    Link,
    Handle,
    MichatId,
    IdNumber,
    Account,
    Plate,
    Address,
    Venue,
    Organisation,
}

impl Cat {
    pub const ALL: [Cat; 13] = [
        Cat::Person,
        Cat::Place,
        Cat::Phone,
        Cat::Email,
        Cat::Link,
        Cat::Handle,
        Cat::MichatId,
        Cat::IdNumber,
        Cat::Account,
        Cat::Plate,
        Cat::Address,
        Cat::Venue,
        Cat::Organisation,
    ];

    /// The engine's category of the same name.
    pub fn category(self) -> fieldvault::pseudo::Category {
        self.name()
            .parse()
            .expect("the corpus uses the engine's category names")
    }

    /// The engine's CLI word for the category.
    pub fn name(self) -> &'static str {
        match self {
            Cat::Person => "person",
            Cat::Place => "place",
            Cat::Phone => "phone",
            Cat::Email => "email",
            Cat::Link => "link",
            Cat::Handle => "handle",
            Cat::MichatId => "michat-id",
            Cat::IdNumber => "id-number",
            Cat::Account => "account",
            Cat::Plate => "plate",
            Cat::Address => "address",
            Cat::Venue => "venue",
            Cat::Organisation => "organisation",
        }
    }
}

/// What a decoy is: text that looks like an identifier to a careless detector but
/// identifies nobody, and must therefore stay readable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Decoy {
    Weekday,
    Month,
    App,
    Religious,
    Price,
    Time,
    Date,
    Age,
    /// Height/weight/cup size in a profile ("TB/BB 160/48", "34B").
    Stats,
    /// The date and time at the head of a WhatsApp export line.
    Timestamp,
}

impl Decoy {
    pub const ALL: [Decoy; 10] = [
        Decoy::Weekday,
        Decoy::Month,
        Decoy::App,
        Decoy::Religious,
        Decoy::Price,
        Decoy::Time,
        Decoy::Date,
        Decoy::Age,
        Decoy::Stats,
        Decoy::Timestamp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Decoy::Weekday => "weekday",
            Decoy::Month => "month",
            Decoy::App => "app/brand",
            Decoy::Religious => "religious",
            Decoy::Price => "price",
            Decoy::Time => "time",
            Decoy::Date => "date",
            Decoy::Age => "age",
            Decoy::Stats => "body stats",
            Decoy::Timestamp => "chat timestamp",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    Ident(Cat),
    Decoy(Decoy),
}

/// One planted identifier or decoy. Ranges never start or end with white space or an
/// invisible mark (those occur only inside, as they do in real exports).
#[derive(Clone, Debug)]
pub struct Planted {
    /// Byte range in the document's text.
    pub start: usize,
    pub end: usize,
    pub truth: Truth,
    /// Which shape of the category this is ("landline", "e-wallet", "after Mbak" …),
    /// for the report of misses.
    pub variant: &'static str,
    /// A person's name that no lexicon can hold (synthesised here): only an honorific
    /// cue or a registration can catch it.
    pub cue_only: bool,
    /// A participant's identifier that the vault registers (`Known::insert`) before
    /// pseudonymising, as it would from the participant record.
    pub registered: bool,
    /// The sender field of a WhatsApp export line. The importer hands senders to the
    /// vault as speakers, which are always pseudonymised, so the engine is not the only
    /// defence there; the test reports them apart.
    pub sender: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    Transcript,
    Chat,
}

impl DocKind {
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Transcript => "transcript",
            DocKind::Chat => "chat",
        }
    }
}

pub struct Doc {
    pub kind: DocKind,
    pub text: String,
    pub planted: Vec<Planted>,
}

/// An identifier the vault knows from a participant's record.
#[derive(Clone, Debug)]
pub struct Registered {
    pub text: String,
    pub cat: Cat,
}

pub struct Corpus {
    pub docs: Vec<Doc>,
    /// What to register with `Known::insert` before detection.
    pub registered: Vec<Registered>,
}

impl Corpus {
    pub fn bytes(&self) -> usize {
        self.docs.iter().map(|d| d.text.len()).sum()
    }
}

/// Generates documents until their total size reaches `target_bytes`: about half the
/// bytes interview transcripts, half WhatsApp exports.
pub fn generate(seed: u64, target_bytes: usize) -> Corpus {
    let mut rng = StdRng::seed_from_u64(seed);
    let participants = make_participants(&mut rng, 12);
    let registered = registrations(&participants);
    let mut docs = Vec::new();
    let mut total = 0;
    let mut transcript_bytes = 0;
    while total < target_bytes {
        // Balance by bytes, so that both kinds are measured on comparable amounts.
        let transcript = transcript_bytes * 2 <= total;
        let doc = if transcript {
            let len = rng.gen_range(6_000..20_000);
            let p = participants.choose(&mut rng).unwrap().clone();
            let mut w = Writer::new(&mut rng, &participants);
            w.transcript(&p, len, 1);
            w.finish(DocKind::Transcript)
        } else {
            let len = rng.gen_range(3_000..12_000);
            let mut w = Writer::new(&mut rng, &participants);
            let mut chat = ChatState::new(w.rng, &participants);
            w.chat_header(&mut chat);
            w.chat(&mut chat, len);
            w.finish(DocKind::Chat)
        };
        total += doc.text.len();
        if transcript {
            transcript_bytes += doc.text.len();
        }
        docs.push(doc);
    }
    Corpus { docs, registered }
}

/// One file written by [`write_import_corpus`].
#[derive(Clone, Debug)]
pub struct ImportFile {
    pub path: PathBuf,
    /// "transcript" or "chat".
    pub kind: &'static str,
    pub bytes: u64,
}

/// A planted identifier's original text, to scan a vault for after import.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Original {
    pub text: String,
    pub cat: Cat,
    pub registered: bool,
    pub cue_only: bool,
    pub sender: bool,
}

pub struct ImportCorpus {
    pub files: Vec<ImportFile>,
    /// Every distinct planted identifier (not the decoys). Short common names and
    /// places also occur as ordinary words; a scan for leaks should prefer the long,
    /// unambiguous ones (phones, e-mails, ID numbers, accounts, links).
    pub originals: Vec<Original>,
    /// What the vault should register before importing (participants' identifiers).
    pub registered: Vec<Registered>,
}

/// Writes about `target_bytes` of generated material under `dir` as import files:
/// transcripts (several interview sessions in one .txt, speaker turns) and WhatsApp
/// exports (one long chat per .txt), each of 1–10 MB (less if the target is smaller),
/// alternating kinds. With a `population`, identifiers recur as in a study; without,
/// every one is new. Memory stays bounded by one chunk of about 256 KB per write.
pub fn write_import_corpus(
    dir: &Path,
    target_bytes: u64,
    seed: u64,
    mut population: Option<Population>,
) -> std::io::Result<ImportCorpus> {
    const MB: u64 = 1 << 20;
    const CHUNK: usize = 256 * 1024;
    let mut rng = StdRng::seed_from_u64(seed);
    let participants = make_participants(&mut rng, 12);
    let registered = registrations(&participants);
    let mut files = Vec::new();
    let mut originals = HashSet::new();
    let mut written = 0u64;
    let mut n = 0;
    while written < target_bytes {
        let remaining = target_bytes - written;
        let size = rng.gen_range(MB..=10 * MB).min(remaining);
        let kind = if n % 2 == 0 { DocKind::Transcript } else { DocKind::Chat };
        n += 1;
        let path = dir.join(format!(
            "{:03}-{}.txt",
            n,
            if kind == DocKind::Chat {
                "WhatsApp Chat"
            } else {
                "transkrip"
            }
        ));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let mut file_bytes = 0u64;
        let mut chat = ChatState::new(&mut rng, &participants);
        let participant = participants.choose(&mut rng).unwrap().clone();
        let mut session = 1;
        let mut first = true;
        while file_bytes < size {
            let want = ((size - file_bytes) as usize).min(CHUNK);
            let mut w = Writer::new(&mut rng, &participants);
            w.population = population.as_mut();
            match kind {
                DocKind::Transcript => {
                    // Sessions of realistic length, one after another in the file.
                    let len = w.rng.gen_range(20_000..80_000).min(want.max(1));
                    w.transcript(&participant, len, session);
                    session += 1;
                }
                DocKind::Chat => {
                    if first {
                        w.chat_header(&mut chat);
                    }
                    w.chat(&mut chat, want);
                }
            }
            first = false;
            let doc = w.finish(kind);
            for p in &doc.planted {
                if let Truth::Ident(cat) = p.truth {
                    originals.insert(Original {
                        text: doc.text[p.start..p.end].to_string(),
                        cat,
                        registered: p.registered,
                        cue_only: p.cue_only,
                        sender: p.sender,
                    });
                }
            }
            out.write_all(doc.text.as_bytes())?;
            file_bytes += doc.text.len() as u64;
        }
        out.flush()?;
        written += file_bytes;
        files.push(ImportFile {
            path,
            kind: kind.name(),
            bytes: file_bytes,
        });
    }
    let mut originals: Vec<Original> = originals.into_iter().collect();
    // HashSet order is random per process; sort for reproducible output.
    originals.sort_by(|a, b| (a.cat, &a.text).cmp(&(b.cat, &b.text)));
    Ok(ImportCorpus {
        files,
        originals,
        registered,
    })
}

// ---------------------------------------------------------------------------------
// Values. Written from general knowledge; deliberately broad and not tuned to any
// detector.

/// Women's given names and nicknames: Javanese, Sundanese, Batak, Balinese, Chinese-Indonesian,
/// Christian and modern ones.
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const GIVEN_F: &[&str] = &[
    "Sari", "Ayu", "Dewi", "Rina", "Wati", "Siti", "Nur", "Putri", "Indah", "Intan", "Bunga", "Mawar", "Lestari",
    "Rahayu", "Wulandari", "Yuliani", "Fitri", "Rini", "Yanti", "Susi", "Lilis", "Ratna", "Endang", "Sri", "Tuti",
    "Tini", "Nining", "Neneng", "Euis", "Imas", "Iis", "Yuyun", "Cucu", "Entin", "Nia", "Lia", "Mega", "Maya",
    "Melati", "Citra", "Dian", "Novi", "Desi", "Eka", "Dwi", "Tri", "Ani", "Ina", "Ira", "Ika", "Vina", "Winda",
    "Wulan", "Yuni", "Yulia", "Zahra", "Aisyah", "Nabila", "Salsabila", "Aulia", "Amelia", "Anisa", "Annisa", "Bella",
    "Cindy", "Clara", "Dinda", "Dita", "Elsa", "Fanny", "Feby", "Gita", "Hana", "Icha", "Jessica", "Jihan", "Kiki",
    "Laras", "Lusi", "Meli", "Mira", "Nadia", "Nanda", "Ocha", "Olivia", "Puspita", "Rani", "Ratih", "Reni", "Riska",
    "Rosa", "Sinta", "Shinta", "Tasya", "Tiara", "Vera", "Vivi", "Yessi", "Yolanda", "Septi", "Sekar", "Kartika",
    "Kurniasih", "Suparmi", "Sumarni", "Tuminah", "Ngatini", "Sulastri", "Sumiati", "Suryani", "Marlina", "Herlina",
    "Fransiska", "Agustina", "Margaretha", "Yohana", "Theresia", "Martha", "Meiliana", "Lanny", "Lily", "Mei Ling",
    "Susanti", "Veronika", "Natalia", "Butet", "Uli", "Rosmawati", "Nurhayati", "Nurul", "Khadijah", "Fatimah",
    "Halimah", "Ijah", "Inem", "Juleha", "Romlah", "Asih", "Esih", "Eneng", "Teti", "Popon", "Dede", "Ade", "Ni Luh",
    "Novita", "Oktaviani", "Desy", "Dewanti", "Anggun", "Anggraini", "Permata", "Safitri", "Handayani", "Purnamasari",
    "Maharani", "Ningsih", "Astuti", "Utami", "Puji", "Rukmini", "Widya", "Widia", "Yasmin", "Zaskia", "Keisha",
    "Alya", "Cantika", "Khansa", "Naura", "Nayla", "Syifa", "Tsania", "Vanya", "Adel", "Sheila", "Siska", "Sonia",
    "Stefani", "Tania", "Thalia", "Ucha", "Echa", "Nisa", "Lina", "Leni", "Mona", "Nova", "Ovi",
];

/// Men's given names (clients, pimps, police, neighbours).
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const GIVEN_M: &[&str] = &[
    "Ucok", "Budi", "Andi", "Agus", "Joko", "Bambang", "Slamet", "Hendra", "Hendro", "Heru", "Dedi", "Dodi", "Doni",
    "Eko", "Fajar", "Fauzi", "Hadi", "Hari", "Iwan", "Irfan", "Jaka", "Kevin", "Rudi", "Rizky", "Rizal", "Roni",
    "Sandi", "Teguh", "Toni", "Wahyu", "Yudi", "Yusuf", "Zainal", "Arif", "Ari", "Asep", "Dadang", "Ujang", "Cecep",
    "Engkos", "Tatang", "Ahmad", "Muhammad", "Rahmat", "Ridwan", "Sugeng", "Sukirman", "Wagiman", "Paijo", "Tono",
    "Darto", "Gunawan", "Setiawan", "Santoso", "Hartono", "Kurniawan", "Prasetyo", "Nugroho", "Wibowo", "Saputra",
    "Pratama", "Firmansyah", "Hidayat", "Ramadhan", "Aditya", "Bayu", "Dimas", "Galih", "Ilham", "Lukman", "Reza",
    "Robby", "Steven", "Willy", "Yoga", "Johan", "Daniel", "Michael", "Albert", "Hengky", "Ronald", "Frans",
    "Yohanes", "Benny", "Sigit", "Bagus", "Anton", "Edi", "Wawan", "Gilang", "Ferry", "Yanto", "Sutrisno", "Mulyadi",
    "Supriyadi", "Anjas", "Bima", "Candra", "Dani", "Erik", "Faisal", "Hendrik", "Indra", "Jefri", "Krisna", "Lutfi",
    "Made", "Wayan", "Nyoman", "Ketut", "Komang", "Gede", "Kadek",
];

/// Family names and second names that follow a given name in full names.
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const SURNAME: &[&str] = &[
    "Saputri", "Saputra", "Lestari", "Rahayu", "Wulandari", "Pratiwi", "Kusuma", "Wijaya", "Santoso", "Gunawan",
    "Setiawan", "Hidayat", "Siregar", "Nasution", "Lubis", "Simanjuntak", "Hutapea", "Sihombing", "Pangaribuan",
    "Tambunan", "Manurung", "Situmorang", "Harahap", "Panjaitan", "Sitorus", "Halim", "Tanoto", "Wenas", "Mandagi",
    "Pattinama", "Nainggolan", "Purba", "Ginting", "Sembiring", "Tarigan", "Kurniawati", "Anggraeni", "Susilowati",
    "Rahmawati", "Handayani", "Puspitasari", "Permatasari", "Maharani", "Ningrum", "Astuti", "Suryadi", "Firmansyah",
    "Nugraha", "Ramadhani", "Fitriani", "Oktavia", "Safitri", "Amalia", "Damayanti", "Febriyanti", "Sulistyowati",
    "Hasibuan", "Rangkuti", "Daulay", "Pohan", "Manik", "Lumbantobing", "Sinaga",
];

/// Building blocks of names no lexicon holds; combined as prefix + middle + ending.
const SYL_A: &[&str] = &[
    "Ze", "Kay", "Ra", "Vi", "Qi", "Nyi", "Ar", "Jo", "Sha", "Ke", "Lu", "Mo", "Xa", "Fe", "Tu",
];
const SYL_B: &[&str] = &[
    "ve", "ri", "lo", "nu", "ka", "shi", "my", "the", "zo", "qu", "dri", "fa",
];
const SYL_C: &[&str] = &[
    "lia", "nza", "ndra", "cha", "yra", "rene", "sya", "nka", "vy", "qiel", "dhea", "zel",
];

/// The honorifics the brief names first; then others in use. Each list holds a gender
/// (women's, men's, either) so that "Mbak" precedes a woman's name and "Om" a man's.
const HONORIFIC_MAIN: [&[&str]; 3] = [&["Mbak", "Bu"], &["Mas", "Om", "Bang", "Pak"], &["Kak"]];
const HONORIFIC_MORE: [&[&str]; 3] = [
    &[
        "Mba", "Mbk", "Ibu", "Tante", "Mami", "Mamih", "Teh", "Neng", "Ci", "Cik", "Jeng", "Mpok", "Uni", "Bude",
    ],
    &["Abang", "Bapak", "Koh", "Bli", "Pakde", "Oom", "Bos"],
    &["Ka", "Kakak", "Dek"],
];

// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const CITY: &[&str] = &[
    "Jakarta", "Bekasi", "Depok", "Tangerang", "Bogor", "Surabaya", "Bandung", "Medan", "Makassar", "Denpasar",
    "Batam", "Semarang", "Yogyakarta", "Jogja", "Malang", "Solo", "Surakarta", "Palembang", "Pekanbaru", "Balikpapan",
    "Samarinda", "Manado", "Pontianak", "Banjarmasin", "Kupang", "Mataram", "Cirebon", "Tasikmalaya", "Karawang",
    "Cikarang", "Indramayu", "Subang", "Sukabumi", "Garut", "Kediri", "Jember", "Banyuwangi", "Tulungagung", "Pati",
    "Jepara", "Kudus", "Purwakarta", "Cianjur", "Serang", "Cilegon", "Lampung", "Bandar Lampung", "Padang", "Jambi",
    "Bengkulu", "Ambon", "Jayapura", "Sorong", "Kendari", "Palu", "Gorontalo", "Tegal", "Brebes", "Pekalongan",
    "Purwokerto", "Banyumas", "Cilacap", "Magelang", "Madiun", "Ngawi", "Sidoarjo", "Gresik", "Mojokerto", "Pasuruan",
    "Probolinggo", "Lumajang", "Bojonegoro", "Tuban", "Lamongan", "Singkawang", "Tarakan", "Bitung",
    "Jakarta Selatan", "Jakarta Utara", "Jakarta Barat", "Jakarta Timur", "Jakarta Pusat", "Jaksel", "Jakut",
    "Jakbar", "Jaktim", "Tangsel", "Kabupaten Bogor", "Kab. Bekasi", "Kabupaten Tangerang",
];

// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const DISTRICT: &[&str] = &[
    "Tebet", "Mampang", "Kemang", "Cengkareng", "Kalideres", "Tanjung Priok", "Koja", "Cilincing", "Pasar Minggu",
    "Jatinegara", "Kramat Jati", "Senen", "Menteng", "Tanah Abang", "Mangga Besar", "Glodok", "Blok M",
    "Kelapa Gading", "Pluit", "Grogol", "Cawang", "Cibubur", "Ciputat", "Pamulang", "Serpong", "Bintaro", "Sunter",
    "Cempaka Putih", "Gambir", "Kuningan", "Setiabudi", "Kemayoran", "Pademangan", "Penjaringan", "Kalibata",
    "Pancoran", "Duren Sawit", "Pulo Gadung", "Rawamangun", "Cakung", "Bojong Gede", "Cibinong", "Ciledug",
    "Karang Tengah", "Lenteng Agung", "Depok Lama", "Margonda", "Cileungsi", "Tambun", "Bantar Gebang", "Sawangan",
    "Kebayoran Lama", "Kebayoran Baru", "Cilandak", "Pondok Indah", "Lebak Bulus", "Fatmawati", "Tomang", "Slipi",
    "Palmerah", "Kebon Jeruk", "Cipulir", "Rawa Buaya", "Kapuk", "Muara Karang", "Ancol", "Dolly", "Gang Dolly",
    "Sarkem", "Pasar Kembang", "Saritem", "Sunan Kuning", "Kalijodo", "Rawa Malang", "Gunung Kemukus", "Legian",
    "Kuta", "Seminyak", "Sanur", "Nagoya", "Jodoh", "Bengkong", "Dago", "Cihampelas",
];

// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const KEL: &[&str] = &[
    "Cempaka Baru", "Tebet Timur", "Menteng Dalam", "Pademangan Barat", "Kalibata", "Duren Tiga", "Rawamangun",
    "Pulo Gebang", "Utan Kayu Selatan", "Kampung Melayu", "Bukit Duri", "Manggarai", "Pejaten Barat", "Jagakarsa",
    "Srengseng Sawah", "Cipinang Muara", "Kebon Kosong", "Serdang", "Sumur Batu", "Harapan Mulya", "Gunung Sahari",
    "Karet Tengsin", "Bendungan Hilir", "Petamburan", "Kota Bambu", "Jembatan Lima", "Tambora", "Angke",
    "Kapuk Muara", "Kamal", "Tegal Alur", "Semper Barat", "Rorotan", "Sukapura", "Lagoa", "Tugu Utara", "Margahayu",
    "Jatimulya", "Mekarsari", "Sukamaju", "Sukasari", "Sindangsari", "Sumberejo", "Kebonsari",
];

// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const STREET: &[&str] = &[
    "Melati", "Mawar", "Kenanga", "Anggrek", "Cempaka", "Flamboyan", "Dahlia", "Kamboja", "Sudirman", "Thamrin",
    "Gatot Subroto", "Diponegoro", "Pemuda", "Merdeka", "Ahmad Yani", "Hayam Wuruk", "Gajah Mada", "Pahlawan",
    "Kebon Jeruk", "Mangga Besar", "Pramuka", "Salemba", "Kramat Raya", "Kapten Tendean", "Panglima Polim",
    "Raden Saleh", "Cikini Raya", "Pasar Baru", "Gunung Sahari", "Kali Malang", "Bekasi Raya", "Haji Nawi", "Swadaya",
    "Masjid", "Mushola", "Delima", "Nangka", "Rambutan", "Duku", "Kelapa Dua", "Cendrawasih", "Merpati", "Garuda",
    "Rajawali", "Nusantara", "Veteran", "Kartini", "Dewi Sartika", "Cut Nyak Dien", "Teuku Umar", "Imam Bonjol",
    "Wolter Monginsidi", "Letjen Suprapto", "Pangeran Jayakarta",
];

// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const HOTEL: &[&str] = &[
    "Sahid", "Ibis", "Amaris", "Fave", "POP!", "Whiz", "Neo", "Aston", "Novotel", "Mercure", "Santika", "Harris",
    "Alila", "Grand Kemang", "Melati Indah", "Bintang", "Citra Dewi", "Mega Matra", "Sentral", "Paragon", "Maxone",
    "Zest", "Ibis Budget", "Amaris Senen", "Fave Kemang", "Bintang Baru", "Puri Asri", "Red Top", "Cemara", "Kaisar",
    "Mutiara", "Jayakarta", "Ciputra", "Grand Mangga Dua",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const HOTEL_BRAND: &[&str] = &[
    "Aryaduta", "favehotel", "Swiss-Belinn", "Swiss-Belhotel", "Grand Mercure", "Best Western", "Santika", "Horison",
    "Whiz Prime", "Amaris", "Novotel", "Luminor",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const ORG_CUE: &[&str] = &[
    "Yayasan", "LSM", "PKBI", "Puskesmas", "Klinik", "RSUD", "Gereja", "Masjid", "Universitas", "PT", "CV",
    "Komunitas",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const ORG_NAME: &[&str] = &[
    "Pelita Harapan", "Mitra Sehati", "Kasih Ibu", "Arek Peduli", "Bunda Mulia", "Sekar Wangi", "Citra Husada",
    "Nusa Indah", "Al Ikhlas", "Sinar Jaya Abadi", "Cahaya Kasih", "Teratai", "Srikandi", "Graha Medika",
];
/// Campuses by their acronym: those first also in lower case in a chat, the last two
/// (also ordinary abbreviations) only in capitals.
const CAMPUS: &[&str] = &[
    "UNRI", "UGM", "USU", "UNHAS", "UNSRAT", "UNDIP", "UNPAD", "UNAIR", "ITS", "UKSW",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const LANDMARK_CUE: &[&str] = &[
    "Pasar", "Terminal", "Stasiun", "Simpang", "Taman", "Pantai", "Lapangan", "Alun-alun", "Bundaran", "Plaza",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const LANDMARK: &[&str] = &[
    "Terong", "Kembang", "Purabaya", "Tawang", "Lima", "Senen", "Kartini", "Losari", "Karebosi", "Tugu", "Sudirman",
    "Klewer", "Beringharjo", "Youtefa", "Tanah Abang",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const WISMA: &[&str] = &[
    "Indah", "Melati", "Jaya", "Asri", "Bahagia", "Sejahtera", "Mulia", "Sakura", "Permata", "Kencana", "Anggrek",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const KOST: &[&str] = &[
    "Putri Anggrek", "Pelangi", "Exclusive Mawar", "Bu Haji Romlah", "Putri Melati", "Griya Kenanga", "Orange",
    "Hijau", "Pak RT", "Cempaka Residence", "Sakinah", "Mawar Merah", "Flamboyan 2",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const APARTMENT: &[&str] = &[
    "Kalibata City", "Green Pramuka", "Bassura City", "Mediterania", "Gading Nias", "Sentra Timur", "Puri Park View",
    "Taman Rasuna", "Paragon Village", "Mangga Dua Square", "Green Bay Pluit", "Educity", "Margonda Residence",
    "Casablanca Mansion", "City Park", "Seasons City", "Menteng Square",
];

// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const EMAIL_DOMAIN: &[&str] = &[
    "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "hotmail.com", "outlook.com",
    "icloud.com", "proton.me", "rocketmail.com", "live.com", "mail.com", "ui.ac.id", "ugm.ac.id",
];
const CUTE: &[&str] = &[
    "manis", "cantik", "imut", "kece", "sexy", "baby", "bby", "official", "jkt", "real", "cute", "love", "xoxo",
    "chubby", "mungil", "vip", "ready", "sayang", "pink", "hot", "bdg", "sby", "bali",
];

const PLATE_REGION: &[&str] = &[
    "B", "B", "B", "D", "F", "T", "E", "Z", "A", "AA", "AB", "AD", "AG", "K", "G", "H", "R", "L", "M", "N", "P", "S",
    "W", "DK", "BK", "BM", "BL", "BA", "BG", "DA", "KT", "KB", "DD", "DR", "EA", "DB",
];
const MOBILE_PREFIX: &[&str] = &[
    "811", "812", "813", "821", "822", "823", "851", "852", "853", "814", "815", "816", "855", "856", "857", "858",
    "817", "818", "819", "859", "877", "878", "831", "832", "833", "838", "895", "896", "897", "898", "899", "881",
    "882", "883", "884", "885", "886", "887", "888", "889",
];
/// NIK province codes that exist.
const PROVINCE: &[u32] = &[
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75,
    76, 81, 82, 91, 92, 93, 94,
];

const WEEKDAY: &[&str] = &[
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Sabtu", "Minggu", "senin", "selasa", "rabu", "kamis",
    "jumat", "sabtu", "minggu", "Monday", "Friday", "Saturday", "Sunday", "weekend",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const MONTH: &[&str] = &[
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
    "Desember", "Jan", "Feb", "Des", "agustus", "desember", "March", "December",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const APP: &[&str] = &[
    "MiChat", "michat", "Michat", "WhatsApp", "WA", "wa", "Gojek", "gojek", "Grab", "grab", "Shopee", "ShopeePay",
    "OVO", "DANA", "Dana", "GoPay", "gopay", "Tokopedia", "Telegram", "tele", "TikTok", "Instagram", "IG", "ig",
    "Facebook", "FB", "LINE", "Tinder", "Bumble", "BeeTalk", "Maxim", "inDrive", "Traveloka", "Google Maps",
    "Indomaret", "Alfamart", "BCA mobile", "Livin",
];
// Packed by hand: one value per line would make these lists hundreds of lines long.
#[rustfmt::skip]
const RELIGIOUS: &[&str] = &[
    "Allah", "Alhamdulillah", "alhamdulillah", "Insya Allah", "insyaallah", "InsyaAllah", "Masya Allah",
    "Astaghfirullah", "astagfirullah", "Bismillah", "Ya Allah", "ya allah", "Tuhan", "Lebaran", "Ramadhan",
    "Idul Fitri", "Subhanallah", "Naudzubillah", "Allahu Akbar", "Yesus",
];
const EMOJI: &[&str] = &[
    "😂", "🙏", "😘", "🤣", "😅", "🥺", "❤️", "👍", "🔥", "💸", "😭", "🙈", "😊", "😍", "🤔", "😤", "🥰", "💅", "🌸",
];

// ---------------------------------------------------------------------------------
// Participants: the study's people, whose identifiers the vault registers.

#[derive(Clone, Debug)]
struct Participant {
    code: String,
    full: String,
    nick: String,
    nick_cue_only: bool,
    /// The name she works under on MiChat.
    work: String,
    phone: String,
    michat: String,
}

/// Any given name, a woman's more often (most people in this material are women).
fn given(rng: &mut StdRng) -> &'static str {
    if rng.gen_bool(0.6) {
        GIVEN_F.choose(rng).unwrap()
    } else {
        GIVEN_M.choose(rng).unwrap()
    }
}

fn invented_name(rng: &mut StdRng) -> String {
    loop {
        let name = format!(
            "{}{}{}",
            SYL_A.choose(rng).unwrap(),
            SYL_B.choose(rng).unwrap(),
            SYL_C.choose(rng).unwrap()
        );
        // Never collide with a real name in this file, so the flag stays true.
        if !GIVEN_F.contains(&name.as_str()) && !GIVEN_M.contains(&name.as_str()) && !SURNAME.contains(&name.as_str()) {
            return name;
        }
    }
}

fn make_participants(rng: &mut StdRng, n: usize) -> Vec<Participant> {
    (1..=n)
        .map(|i| {
            let first = *GIVEN_F.choose(rng).unwrap();
            let full = format!("{} {}", first, SURNAME.choose(rng).unwrap());
            // Half the nicknames are ones no lexicon knows: only registration finds them.
            let nick_cue_only = i % 2 == 0;
            let nick = if nick_cue_only {
                invented_name(rng)
            } else {
                GIVEN_F.choose(rng).unwrap().to_string()
            };
            let work = GIVEN_F[60..110].choose(rng).unwrap().to_string();
            let phone = format!("0{}", mobile_nsn(rng));
            let michat = michat_id(rng, &work);
            Participant {
                code: format!("P{i:02}"),
                full,
                nick,
                nick_cue_only,
                work,
                phone,
                michat,
            }
        })
        .collect()
}

fn registrations(ps: &[Participant]) -> Vec<Registered> {
    let mut out = Vec::new();
    for p in ps {
        out.push(Registered {
            text: p.full.clone(),
            cat: Cat::Person,
        });
        out.push(Registered {
            text: p.nick.clone(),
            cat: Cat::Person,
        });
        out.push(Registered {
            text: p.work.clone(),
            cat: Cat::Person,
        });
        out.push(Registered {
            text: p.phone.clone(),
            cat: Cat::Phone,
        });
        out.push(Registered {
            text: p.michat.clone(),
            cat: Cat::MichatId,
        });
    }
    out
}

// ---------------------------------------------------------------------------------
// Value generators that need randomness.

fn digits(rng: &mut StdRng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect()
}

/// A mobile number without the trunk 0 or country code: "81234567890".
fn mobile_nsn(rng: &mut StdRng) -> String {
    let prefix = MOBILE_PREFIX.choose(rng).unwrap();
    // 0812-3456-78 (10 digits) is old; 11–13 digits with the 0 are the norm.
    let rest = *[6, 7, 7, 8, 8, 8, 9].choose(rng).unwrap();
    // Subscriber numbers do not start with 0.
    format!("{prefix}{}{}", rng.gen_range(1..10), digits(rng, rest - 1))
}

/// A word of `first` and then one of `second`, drawn in that order: a cue and its
/// name ("Yayasan Kasih Ibu", "Kost Pelangi").
fn one_of_each(rng: &mut StdRng, first: &[&str], second: &[&str]) -> String {
    let cue = first.choose(rng).unwrap();
    format!("{cue} {}", second.choose(rng).unwrap())
}

fn group(s: &str, sizes: &[usize], sep: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    for (k, &n) in sizes.iter().enumerate() {
        if i >= s.len() {
            break;
        }
        let end = if k + 1 == sizes.len() {
            s.len()
        } else {
            (i + n).min(s.len())
        };
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(&s[i..end]);
        i = end;
    }
    if i < s.len() {
        out.push_str(sep);
        out.push_str(&s[i..]);
    }
    out
}

/// "1500000" → "1.500.000", the Indonesian way.
fn thousands(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(0xFF10 + (c as u32 - '0' as u32)).unwrap()
            } else {
                c
            }
        })
        .collect()
}

/// A mobile number in one of the ways people write them.
fn phone_text(rng: &mut StdRng, nsn: &str) -> (String, &'static str) {
    let (pre, rest) = nsn.split_at(3);
    let seps = ["-", " ", ".", "", "-", " "];
    let sep = *seps.choose(rng).unwrap();
    let body = group(rest, &[4, 4], sep);
    let (s, v) = match rng.gen_range(0..14) {
        0..=3 => (format!("0{pre}{sep}{body}"), "0 local"),
        4 => (format!("0{nsn}"), "0 compact"),
        5 => (format!("+62{nsn}"), "+62 compact"),
        6 => (format!("62{nsn}"), "62 compact"),
        7 => (
            format!("+62 {pre}{}{body}", if sep.is_empty() { " " } else { sep }),
            "+62 grouped",
        ),
        8 => (format!("+62-{pre}-{}", group(rest, &[4, 4], "-")), "+62 dashes"),
        9 => (format!("(+62) {pre} {}", group(rest, &[4, 4], " ")), "(+62)"),
        10 => (format!("+62 ({pre}) {}", group(rest, &[4, 4], " ")), "+62 (8xx)"),
        11 => (format!("0{pre} {}", group(rest, &[3, 3, 2], " ")), "irregular groups"),
        12 => (format!("62 {pre} {}", group(rest, &[4, 4], " ")), "62 spaced"),
        _ => (format!("0{pre}-{}", group(rest, &[3, 4], " ")), "mixed separators"),
    };
    // Occasional oddities from copy-paste and phone keyboards.
    match rng.gen_range(0..100) {
        0 => (full_width(&s), "full-width digits"),
        1 => (s.replacen(' ', "\u{202F}", 2), "narrow no-break spaces"),
        2 => (s.replacen(' ', "\u{A0}", 2), "no-break spaces"),
        4..=6 => disguised_phone_text(rng, &format!("0{nsn}")),
        3 if s.len() > 8 => {
            let mut t = s.clone();
            // A zero-width space from a copied contact card, never at an end.
            let at = (4..t.len() - 2).find(|&i| t.is_char_boundary(i)).unwrap();
            t.insert(at, '\u{200B}');
            (t, "zero-width space inside")
        }
        _ => (s, v),
    }
}

/// A mobile number written to get past an app's filter, which hides numbers: split by
/// emoji or marks, one digit at a time, spelled out, or with letters for digits.
fn disguised_phone_text(rng: &mut StdRng, local: &str) -> (String, &'static str) {
    const SPELLINGS: [[&str; 10]; 4] = [
        [
            "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
        ],
        [
            "kosong", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "lapan", "sembilan",
        ],
        [
            "nol", "siji", "loro", "telu", "papat", "limo", "enem", "pitu", "wolu", "songo",
        ],
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ],
    ];
    let spell = |digits: &str, words: &[&str; 10]| -> Vec<String> {
        digits
            .bytes()
            .map(|d| words[usize::from(d - b'0')].to_string())
            .collect()
    };
    let (first, rest) = local.split_at(4);
    match rng.gen_range(0..5) {
        0 => {
            let sep = *[" 💋 ", "•", "/", " 🔥 ", "_"].choose(rng).unwrap();
            (group(local, &[4, 4], sep), "split by emoji or marks")
        }
        1 => {
            let digits: Vec<String> = local.chars().map(String::from).collect();
            (digits.join(" "), "one digit at a time")
        }
        2 => {
            let words = spell(local, SPELLINGS.choose(rng).unwrap());
            let text = words.chunks(4).map(|c| c.join(" ")).collect::<Vec<_>>().join(", ");
            (text, "spelled out")
        }
        3 => (
            format!("{first} {}", spell(rest, &SPELLINGS[0]).join(" ")),
            "digits and words",
        ),
        _ => {
            let leet = first.replace('0', "o").replace('1', "l");
            (format!("{leet} {}", group(rest, &[4, 4], " ")), "letters for digits")
        }
    }
}

/// A number abroad, of a relative or an agent in Malaysia, Singapore, Hong Kong or
/// Taiwan, where many migrant workers are: "+60 12-348 7719".
fn foreign_phone_text(rng: &mut StdRng) -> String {
    let (code, first, n) = *[
        ("60", "1", 9),
        ("60", "1", 10),
        ("65", "9", 8),
        ("852", "6", 8),
        ("886", "9", 9),
    ]
    .choose(rng)
    .unwrap();
    let local = format!("{first}{}", digits(rng, n - 1));
    let sep = *["-", " "].choose(rng).unwrap();
    let sizes: &[usize] = if n == 8 { &[4, 4] } else { &[2, 3, 4] };
    format!("+{code} {}", group(&local, sizes, sep))
}

fn landline_text(rng: &mut StdRng) -> String {
    let (area, n) = *[
        ("21", 8),
        ("21", 7),
        ("22", 7),
        ("31", 7),
        ("24", 7),
        ("274", 6),
        ("61", 7),
        ("361", 6),
        ("411", 6),
        ("778", 6),
    ]
    .choose(rng)
    .unwrap();
    let first = rng.gen_range(2..10);
    let sub = format!("{first}{}", digits(rng, n - 1));
    let split = if n == 8 { 4 } else { 3 };
    match rng.gen_range(0..6) {
        0 => format!("(0{area}) {}-{}", &sub[..split], &sub[split..]),
        1 => format!("0{area}-{sub}"),
        2 => format!("0{area} {} {}", &sub[..split], &sub[split..]),
        3 => format!("+62 {area} {sub}"),
        4 => format!("(0{area}) {sub}"),
        _ => format!("0{area}.{}.{}", &sub[..split], &sub[split..]),
    }
}

fn username(rng: &mut StdRng, base: &str) -> String {
    let base: String = base
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let cute = CUTE.choose(rng).unwrap();
    match rng.gen_range(0..9) {
        0 => format!("{base}_{cute}"),
        1 => format!("{base}.{cute}{}", rng.gen_range(1..100)),
        2 => format!("{cute}.{base}"),
        3 => format!("{base}{}", rng.gen_range(88..2006)),
        4 => format!("xx{base}xx"),
        5 => format!("{base}_{cute}_{}", rng.gen_range(1..10)),
        6 => format!("its{base}"),
        7 => format!("{base}.{base}"),
        _ => format!("{cute}{base}{}", rng.gen_range(1..30)),
    }
}

fn michat_id(rng: &mut StdRng, base: &str) -> String {
    let u = username(rng, base);
    // MiChat IDs: letters, digits, underscores; some people pick pure numbers.
    if rng.gen_bool(0.1) {
        format!("{}{}", base.to_lowercase().replace(' ', ""), digits(rng, 4))
    } else {
        u.replace('.', "_")
    }
}

fn email_text(rng: &mut StdRng) -> String {
    let name = given(rng).to_lowercase().replace(' ', "");
    let sur = SURNAME.choose(rng).unwrap().to_lowercase();
    let local = match rng.gen_range(0..7) {
        0 => format!("{name}.{sur}"),
        1 => format!("{name}{}", rng.gen_range(80..2005)),
        2 => format!("{name}_{}", CUTE.choose(rng).unwrap()),
        3 => format!("{name}{sur}{}", rng.gen_range(1..99)),
        4 => format!("{}.{name}", CUTE.choose(rng).unwrap()),
        5 => format!("{name}.{sur}{}", rng.gen_range(1..9)),
        _ => format!("{}{name}", &sur[..1]),
    };
    let domain = EMAIL_DOMAIN.choose(rng).unwrap();
    let provider = domain.split('.').next().unwrap();
    let e = if ["gmail", "yahoo", "ymail", "hotmail", "outlook", "icloud"].contains(&provider) && rng.gen_bool(0.08) {
        // Disguised to get past a filter that hides addresses.
        let at = ["at", "(at)", "[at]", "[et]"].choose(rng).unwrap();
        let dot = ["dot", "(dot)", "[dot]", "titik"].choose(rng).unwrap();
        let spaced = rng.gen_bool(0.7) || at.len() == 2;
        let (at, dot) = if spaced {
            (format!(" {at} "), format!(" {dot} "))
        } else {
            // Glued, a mark of letters only in brackets.
            let dot = if dot.starts_with(['(', '[']) { dot } else { "." };
            (at.to_string(), dot.to_string())
        };
        format!("{local}{at}{}", domain.replace('.', &dot))
    } else {
        format!("{local}@{domain}")
    };
    if rng.gen_bool(0.08) {
        // Phones capitalise the first letter of a message.
        let mut c = e.chars();
        let first = c.next().unwrap().to_uppercase().to_string();
        first + c.as_str()
    } else if rng.gen_bool(0.03) {
        e.to_uppercase()
    } else {
        e
    }
}

fn link_text(rng: &mut StdRng) -> (String, &'static str) {
    let nsn = mobile_nsn(rng);
    let base = given(rng);
    let user = username(rng, base);
    let scheme = *["https://", "http://", "", "", "https://"].choose(rng).unwrap();
    let code: String = (0..rng.gen_range(6..11))
        .map(|_| {
            *b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
                .choose(rng)
                .unwrap() as char
        })
        .collect();
    match rng.gen_range(0..16) {
        0..=2 => (format!("{scheme}wa.me/62{nsn}"), "wa.me"),
        3 => (
            format!("https://wa.me/62{nsn}?text=Halo%20kak%20masih%20ready"),
            "wa.me with text",
        ),
        4 => (
            format!("https://api.whatsapp.com/send?phone=62{nsn}"),
            "api.whatsapp.com",
        ),
        5 => (
            format!("api.whatsapp.com/send?phone=62{nsn}&text=hai"),
            "api.whatsapp.com with text",
        ),
        6 => (format!("{scheme}t.me/{}", user.replace('.', "_")), "t.me user"),
        7 => (format!("https://t.me/+{code}"), "t.me invite"),
        8 => (format!("{scheme}instagram.com/{user}"), "instagram"),
        9 => (format!("https://www.instagram.com/{user}/"), "instagram www"),
        10 => (format!("{scheme}linktr.ee/{user}"), "linktree"),
        11 => (format!("https://bit.ly/{code}"), "short link"),
        12 => (format!("{scheme}maps.app.goo.gl/{code}"), "maps link"),
        13 => (format!("https://www.facebook.com/{user}"), "facebook"),
        14 => (format!("https://www.tiktok.com/@{user}"), "tiktok"),
        _ => (format!("https://s.id/{code}"), "s.id"),
    }
}

/// A point in Indonesia as a map app, a GPS or a field form writes it (one place in
/// thirty): "-7.250445, 112.768845", "-7.25044,112.76885", "7°15'1.6\"S 112°46'7.8\"E",
/// "7,2504° LS 112,7688° BT".
fn point_text(rng: &mut StdRng) -> String {
    let lat: f64 = rng.gen_range(-11.0..6.0);
    let lon: f64 = rng.gen_range(95.0..141.0);
    let dms = |v: f64| {
        let v = v.abs();
        let minutes = v.fract() * 60.0;
        format!("{}°{}'{:.1}\"", v.trunc(), minutes.trunc(), minutes.fract() * 60.0)
    };
    let (hemisphere, lintang) = if lat < 0.0 { ("S", "LS") } else { ("N", "LU") };
    match rng.gen_range(0..4) {
        0 => format!("{lat:.6}, {lon:.6}"),
        1 => format!("{lat:.5},{lon:.5}"),
        2 => format!("{}{hemisphere} {}E", dms(lat), dms(lon)),
        _ => format!(
            "{}° {lintang} {}° BT",
            format!("{:.4}", lat.abs()).replace('.', ","),
            format!("{lon:.4}").replace('.', ",")
        ),
    }
}

fn nik_text(rng: &mut StdRng) -> String {
    let prov = PROVINCE.choose(rng).unwrap();
    let reg = rng.gen_range(1..80);
    let dis = rng.gen_range(1..41);
    let mut day = rng.gen_range(1..29);
    // Women's NIK carry day + 40; most participants are women.
    if rng.gen_bool(0.8) {
        day += 40;
    }
    let month = rng.gen_range(1..13);
    let year = rng.gen_range(0..100);
    let serial = rng.gen_range(1..3000);
    let n = format!("{prov:02}{reg:02}{dis:02}{day:02}{month:02}{year:02}{serial:04}");
    match rng.gen_range(0..10) {
        0 => group(&n, &[4, 4, 4, 4], " "),
        1 => group(&n, &[6, 6, 4], "."),
        _ => n,
    }
}

// ---------------------------------------------------------------------------------
// The writer: appends literal text (with chat-style noise) and planted values,
// recording their ranges.

struct Writer<'r> {
    rng: &'r mut StdRng,
    participants: &'r [Participant],
    text: String,
    planted: Vec<Planted>,
    /// This message is typed in lower case, chat style.
    lower: bool,
    /// This message uses chat abbreviations and typos.
    chatty: bool,
    /// The participant being interviewed or chatting, if any.
    me: Option<Participant>,
    /// When set, identifiers are drawn from a study's finite population.
    population: Option<&'r mut Population>,
}

/// The people, numbers, places and accounts of one study: at most `per_category`
/// distinct values of each category, which then recur (in the spelling they were first
/// written in). Without it every generated phone number, e-mail or address is new,
/// which tests recall well but is not what a study looks like: a few dozen
/// participants meet hundreds of people, numbers and places, not hundreds of thousands.
pub struct Population {
    per_category: usize,
    values: std::collections::HashMap<Cat, Vec<String>>,
}

impl Population {
    pub fn new(per_category: usize) -> Self {
        Population {
            per_category,
            values: Default::default(),
        }
    }

    /// `fresh` while the category has room, else one of its values.
    fn draw(&mut self, cat: Cat, fresh: &str, rng: &mut StdRng) -> String {
        let values = self.values.entry(cat).or_default();
        if values.len() < self.per_category {
            values.push(fresh.to_string());
            fresh.to_string()
        } else {
            values.choose(rng).unwrap().clone()
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Flags {
    cue_only: bool,
    registered: bool,
    sender: bool,
}

impl<'r> Writer<'r> {
    fn new(rng: &'r mut StdRng, participants: &'r [Participant]) -> Self {
        Writer {
            rng,
            participants,
            text: String::new(),
            planted: Vec::new(),
            lower: false,
            chatty: false,
            me: None,
            population: None,
        }
    }

    fn finish(self, kind: DocKind) -> Doc {
        Doc {
            kind,
            text: self.text,
            planted: self.planted,
        }
    }

    /// Literal text, roughened in chat style.
    fn lit(&mut self, s: &str) {
        if !self.chatty && !self.lower {
            self.text.push_str(s);
            return;
        }
        let mut first = true;
        for word in s.split(' ') {
            if !first {
                self.text.push(' ');
            }
            first = false;
            let mut w = word.to_string();
            if self.chatty {
                w = abbreviate(&w).map(str::to_string).unwrap_or(w);
                if w.len() > 3 && w.chars().all(|c| c.is_ascii_alphabetic()) && self.rng.gen_bool(0.025) {
                    w = typo(self.rng, &w);
                }
            }
            if self.lower {
                w = w.to_lowercase();
            }
            self.text.push_str(&w);
        }
    }

    fn raw(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn plant(&mut self, s: &str, truth: Truth, variant: &'static str, flags: Flags) {
        debug_assert!(
            !s.starts_with(char::is_whitespace) && !s.ends_with(char::is_whitespace),
            "{s:?}"
        );
        let start = self.text.len();
        self.text.push_str(s);
        self.planted.push(Planted {
            start,
            end: self.text.len(),
            truth,
            variant,
            cue_only: flags.cue_only,
            registered: flags.registered,
            sender: flags.sender,
        });
    }

    fn ident(&mut self, s: &str, cat: Cat, variant: &'static str) {
        match self.population.as_deref_mut() {
            Some(population) => {
                let s = population.draw(cat, s, self.rng);
                self.plant(&s, Truth::Ident(cat), variant, Flags::default());
            }
            None => self.plant(s, Truth::Ident(cat), variant, Flags::default()),
        }
    }

    fn decoy(&mut self, s: &str, kind: Decoy) {
        let s = if self.lower { s.to_lowercase() } else { s.to_string() };
        self.plant(&s, Truth::Decoy(kind), "", Flags::default());
    }

    fn case(&mut self, s: &str) -> String {
        if self.lower && self.rng.gen_bool(0.7) {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    }

    // --- identifiers -----------------------------------------------------------

    fn person_bare(&mut self) {
        let name = given(self.rng).to_string();
        let name = self.case(&name);
        self.ident(&name, Cat::Person, "bare name");
    }

    fn person_full(&mut self) {
        let name = format!("{} {}", given(self.rng), SURNAME.choose(self.rng).unwrap());
        let name = if self.rng.gen_bool(0.05) {
            name.to_uppercase()
        } else {
            self.case(&name)
        };
        self.ident(&name, Cat::Person, "full name");
    }

    /// An honorific cue and a name; a fifth of the names are ones no lexicon holds.
    fn person_honorific(&mut self) {
        let main = self.rng.gen_bool(0.75);
        // 0: a woman, 1: a man, 2: either.
        let gender = *[0, 0, 1, 1, 2].choose(self.rng).unwrap();
        let list = if main {
            HONORIFIC_MAIN[gender]
        } else {
            HONORIFIC_MORE[gender]
        };
        let h = *list.choose(self.rng).unwrap();
        let h = self.case(h);
        self.raw(&h);
        let space = if self.rng.gen_bool(0.02) { "\u{A0}" } else { " " };
        self.raw(space);
        let cue_only = self.rng.gen_bool(0.2);
        let name = if cue_only {
            invented_name(self.rng)
        } else {
            let first = match gender {
                0 => *GIVEN_F.choose(self.rng).unwrap(),
                1 => *GIVEN_M.choose(self.rng).unwrap(),
                _ => given(self.rng),
            };
            if self.rng.gen_bool(0.1) {
                format!("{first} {}", SURNAME.choose(self.rng).unwrap())
            } else {
                first.to_string()
            }
        };
        let name = self.case(&name);
        let variant = match (main, cue_only) {
            (true, false) => "after Mas/Mbak/Om/Kak/Bang/Pak/Bu",
            (false, false) => "after other honorific",
            (true, true) => "unknown name after Mas/Mbak/Om/Kak/Bang/Pak/Bu",
            (false, true) => "unknown name after other honorific",
        };
        self.plant(
            &name,
            Truth::Ident(Cat::Person),
            variant,
            Flags {
                cue_only,
                ..Flags::default()
            },
        );
    }

    /// Another participant's registered name or nickname, bare.
    fn peer(&mut self) {
        let p = self.participants.choose(self.rng).unwrap().clone();
        self.registered_name(&p);
    }

    fn registered_name(&mut self, p: &Participant) {
        let (name, cue_only, variant) = match self.rng.gen_range(0..4) {
            0 => (p.full.clone(), false, "registered full name"),
            1 => (p.work.clone(), false, "registered working name"),
            _ => (p.nick.clone(), p.nick_cue_only, "registered nickname"),
        };
        let name = self.case(&name);
        self.plant(
            &name,
            Truth::Ident(Cat::Person),
            variant,
            Flags {
                cue_only,
                registered: true,
                sender: false,
            },
        );
    }

    fn place(&mut self) {
        if self.rng.gen_ratio(1, 30) {
            let point = point_text(self.rng);
            self.ident(&point, Cat::Place, "coordinates");
            return;
        }
        if self.rng.gen_bool(0.08) {
            // A landmark: a market, a terminal, a square, a mall. Its name is written
            // in capitals, whoever types.
            let p = if self.rng.gen_bool(0.7) {
                one_of_each(self.rng, LANDMARK_CUE, LANDMARK)
            } else {
                format!("{} Mall", LANDMARK.choose(self.rng).unwrap())
            };
            self.ident(&p, Cat::Place, "landmark");
            return;
        }
        let p = if self.rng.gen_bool(0.55) {
            CITY.choose(self.rng)
        } else {
            DISTRICT.choose(self.rng)
        };
        let p = self.case(p.unwrap());
        self.ident(&p, Cat::Place, "place");
    }

    fn phone(&mut self) {
        if self.rng.gen_bool(0.08) {
            let s = landline_text(self.rng);
            self.ident(&s, Cat::Phone, "landline");
        } else if self.rng.gen_bool(0.03) {
            let s = foreign_phone_text(self.rng);
            self.ident(&s, Cat::Phone, "foreign, with its country code");
        } else {
            let nsn = mobile_nsn(self.rng);
            let (s, v) = phone_text(self.rng, &nsn);
            self.ident(&s, Cat::Phone, v);
        }
    }

    fn registered_phone(&mut self, p: &Participant) {
        let nsn = p.phone[1..].to_string();
        let (s, _) = phone_text(self.rng, &nsn);
        self.plant(
            &s,
            Truth::Ident(Cat::Phone),
            "registered phone",
            Flags {
                registered: true,
                ..Flags::default()
            },
        );
    }

    fn email(&mut self) {
        let e = email_text(self.rng);
        self.ident(&e, Cat::Email, "email");
    }

    fn link(&mut self) {
        let (l, v) = link_text(self.rng);
        self.ident(&l, Cat::Link, v);
    }

    /// An @handle; `cue` adds a word naming the platform, for templates without one.
    fn handle(&mut self, cue: bool) {
        let base = if self.rng.gen_bool(0.2) {
            invented_name(self.rng)
        } else {
            given(self.rng).to_string()
        };
        let u = username(self.rng, &base);
        let cue = if cue {
            *[
                "ig ", "IG: ", "insta ", "tiktok ", "twitter ", "tele ", "", "", "", "follow ", "line aq ",
            ]
            .choose(self.rng)
            .unwrap()
        } else {
            ""
        };
        // A quarter are typed without their '@' (every template with "{at}" names the
        // platform before it: "ig aku {at}").
        let (h, variant) = match (cue.is_empty(), self.rng.gen_bool(0.25)) {
            (false, true) => (u, "handle without @ after cue"),
            (true, true) => (u, "handle without @ after the template's cue"),
            (false, false) => (format!("@{u}"), "@handle after cue"),
            (true, false) => (format!("@{u}"), "bare @handle"),
        };
        self.lit(cue);
        self.ident(&h, Cat::Handle, variant);
    }

    fn michat(&mut self) {
        let cue = *[
            "id michat ",
            "ID MiChat: ",
            "id MiChat aku ",
            "michat id nya ",
            "add michat ",
            "MiChat: ",
            "id mc ",
            "Michat ID : ",
            "cari di michat aja, ",
            "ID michat ku ",
        ]
        .choose(self.rng)
        .unwrap();
        self.lit(cue);
        let base = if self.rng.gen_bool(0.3) {
            invented_name(self.rng)
        } else {
            given(self.rng).to_string()
        };
        let id = michat_id(self.rng, &base);
        self.ident(&id, Cat::MichatId, "after cue");
    }

    fn registered_michat(&mut self, p: &Participant) {
        self.lit("id michat ");
        let id = p.michat.clone();
        self.plant(
            &id,
            Truth::Ident(Cat::MichatId),
            "registered",
            Flags {
                registered: true,
                ..Flags::default()
            },
        );
    }

    fn nik(&mut self) {
        let (cue, v) = *[
            ("NIK ", "NIK after cue"),
            ("NIK: ", "NIK after cue"),
            ("no KTP ", "NIK after cue"),
            ("nomor KTP aku ", "NIK after cue"),
            ("nik nya ", "NIK after cue"),
            ("no KK ", "KK after cue"),
            ("KK: ", "KK after cue"),
            ("", "bare 16 digits"),
            ("", "bare 16 digits"),
        ]
        .choose(self.rng)
        .unwrap();
        self.lit(cue);
        let n = nik_text(self.rng);
        self.ident(&n, Cat::IdNumber, v);
    }

    fn account(&mut self) {
        let (bank, len) = *[
            ("BCA", 10),
            ("Mandiri", 13),
            ("BRI", 15),
            ("BNI", 10),
            ("BSI", 10),
            ("CIMB", 13),
            ("Permata", 10),
            ("Danamon", 10),
            ("Jago", 12),
            ("SeaBank", 12),
            ("BTN", 16),
        ]
        .choose(self.rng)
        .unwrap();
        let cue = match self.rng.gen_range(0..7) {
            0 => format!("rek {bank} "),
            1 => format!("no rek {bank} "),
            2 => format!("norek {} ", bank.to_lowercase()),
            3 => format!("rekening {bank} "),
            4 => format!("tf ke {bank} "),
            5 => format!("{bank}: "),
            _ => format!("no. rekening {bank} "),
        };
        self.lit(&cue);
        let n = format!("{}{}", self.rng.gen_range(0..10), digits(self.rng, len - 1));
        let n = match (bank, self.rng.gen_range(0..4)) {
            ("BRI", 0) => format!("{}-{}-{}-{}-{}", &n[..4], &n[4..6], &n[6..12], &n[12..14], &n[14..]),
            (_, 1) => group(&n, &[3, 3, 4], "-"),
            (_, 2) if len >= 12 => group(&n, &[4, 4, 4], " "),
            _ => n,
        };
        self.ident(&n, Cat::Account, "bank account after cue");
        if self.rng.gen_bool(0.4) {
            let cue = *[" a.n. ", " an ", " atas nama "].choose(self.rng).unwrap();
            self.lit(cue);
            self.person_full();
        }
    }

    fn ewallet(&mut self) {
        let w = *["DANA", "OVO", "GoPay", "ShopeePay", "dana", "ovo", "gopay", "LinkAja"]
            .choose(self.rng)
            .unwrap();
        let sep = *[" ", ": ", " ke ", " no "].choose(self.rng).unwrap();
        self.lit(&format!("{w}{sep}"));
        let nsn = mobile_nsn(self.rng);
        let (s, _) = phone_text(self.rng, &nsn);
        self.ident(&s, Cat::Account, "e-wallet number");
    }

    fn va(&mut self) {
        let cue = *[
            "VA BCA ",
            "no VA ",
            "virtual account ",
            "kode bayar ",
            "VA Mandiri: ",
            "VA BRI ",
        ]
        .choose(self.rng)
        .unwrap();
        self.lit(cue);
        let company = digits(self.rng, 5);
        let nsn = mobile_nsn(self.rng);
        let cust = format!("0{nsn}");
        let n = match self.rng.gen_range(0..3) {
            0 => format!("{company}{cust}"),
            1 => format!("{company} {cust}"),
            _ => format!("{}{}", company, digits(self.rng, 11)),
        };
        self.ident(&n, Cat::Account, "virtual account");
    }

    fn plate(&mut self) {
        let region = *PLATE_REGION.choose(self.rng).unwrap();
        let num = self.rng.gen_range(1..10000);
        let letters: String = (0..self.rng.gen_range(1..4))
            .map(|_| char::from(b'A' + self.rng.gen_range(0..26u8)))
            .collect();
        let p = match self.rng.gen_range(0..8) {
            0 => format!("{region}{num}{letters}"),
            1 => format!("{region} {num} {letters}").to_lowercase(),
            2 => format!("{region}-{num}-{letters}"),
            _ => format!("{region} {num} {letters}"),
        };
        let cue = *["plat ", "nopol ", "plat nomor ", "", "", "platnya "]
            .choose(self.rng)
            .unwrap();
        self.lit(cue);
        self.ident(
            &p,
            Cat::Plate,
            if cue.is_empty() {
                "bare plate"
            } else {
                "plate after cue"
            },
        );
    }

    fn address(&mut self) {
        let mut a = String::new();
        let street = STREET.choose(self.rng).unwrap();
        match self.rng.gen_range(0..10) {
            0 => a.push_str(&format!(
                "Gg. {street} {}",
                ["I", "II", "III", "IV", "5"].choose(self.rng).unwrap()
            )),
            1 => a.push_str(&format!("Jalan {street}")),
            2 => a.push_str(&format!("jl {}", street.to_lowercase())),
            3 => a.push_str(&format!("Jl. Raya {}", CITY.choose(self.rng).unwrap())),
            4 => a.push_str(&format!(
                "Perum {} Blok {}{}",
                [
                    "Griya Asri",
                    "Taman Sari",
                    "Villa Mutiara",
                    "Bumi Indah",
                    "Puri Harapan"
                ]
                .choose(self.rng)
                .unwrap(),
                char::from(b'A' + self.rng.gen_range(0..8u8)),
                self.rng.gen_range(1..20)
            )),
            5 => a.push_str(&format!("Jl.{street}")),
            _ => a.push_str(&format!("Jl. {street}")),
        }
        let n = self.rng.gen_range(1..200);
        match self.rng.gen_range(0..5) {
            0 => a.push_str(&format!(" No. {n}")),
            1 => a.push_str(&format!(" no {n}{}", ["A", "B", ""].choose(self.rng).unwrap())),
            2 => a.push_str(&format!(" No.{n}")),
            3 => a.push_str(&format!(" nomor {n}")),
            _ => {}
        }
        let (rt, rw) = (self.rng.gen_range(1..20), self.rng.gen_range(1..15));
        match self.rng.gen_range(0..5) {
            0 => a.push_str(&format!(" RT {rt:02}/RW {rw:02}")),
            1 => a.push_str(&format!(" RT.{rt:03}/RW.{rw:03}")),
            2 => a.push_str(&format!(" rt {rt} rw {rw}")),
            3 => a.push_str(&format!(" RT {rt:02} RW {rw:02}")),
            _ => {}
        }
        if self.rng.gen_bool(0.6) {
            let k = KEL.choose(self.rng).unwrap();
            a.push_str(&if self.rng.gen_bool(0.7) {
                format!(", Kel. {k}")
            } else {
                format!(", Kelurahan {k}")
            });
        }
        if self.rng.gen_bool(0.5) {
            let k = DISTRICT.choose(self.rng).unwrap();
            a.push_str(&if self.rng.gen_bool(0.7) {
                format!(", Kec. {k}")
            } else {
                format!(", Kecamatan {k}")
            });
        }
        if self.rng.gen_bool(0.25) {
            a.push_str(&format!(", {}", CITY.choose(self.rng).unwrap()));
        }
        self.ident(&a, Cat::Address, "street address");
    }

    /// An organisation, named in capitals: a foundation, an NGO, a clinic, a church, a
    /// school, a company; or a campus by its acronym, in a chat also in lower case.
    fn organisation(&mut self) {
        let o = match self.rng.gen_range(0..5) {
            0 => format!("SMA Negeri {}", self.rng.gen_range(1..20)),
            1 => {
                let at = self.rng.gen_range(0..CAMPUS.len());
                let campus = CAMPUS[at];
                if at < CAMPUS.len() - 2 {
                    self.case(campus)
                } else {
                    campus.to_string()
                }
            }
            _ => one_of_each(self.rng, ORG_CUE, ORG_NAME),
        };
        self.ident(&o, Cat::Organisation, "organisation");
    }

    fn venue(&mut self) {
        if self.rng.gen_bool(0.1) {
            // A chain's brand first, then the branch, or a name before "Hotel".
            let v = if self.rng.gen_bool(0.5) {
                one_of_each(self.rng, HOTEL_BRAND, CITY)
            } else {
                format!("{} Hotel", HOTEL.choose(self.rng).unwrap())
            };
            self.ident(&v, Cat::Venue, "brand or name first");
            return;
        }
        let (v, variant) = match self.rng.gen_range(0..12) {
            0..=3 => (format!("Hotel {}", HOTEL.choose(self.rng).unwrap()), "hotel"),
            4 | 5 => (format!("Wisma {}", WISMA.choose(self.rng).unwrap()), "wisma"),
            6 | 7 => (one_of_each(self.rng, &["Kost", "Kos", "kost", "kos"], KOST), "kost"),
            8 | 9 => (
                one_of_each(self.rng, &["Apartemen", "apartemen", "Apart", "apart"], APARTMENT),
                "apartment",
            ),
            10 => (
                one_of_each(self.rng, &["Losmen", "Penginapan", "Guest House", "Homestay"], WISMA),
                "losmen/penginapan",
            ),
            _ => (
                one_of_each(self.rng, &["Spa", "Karaoke", "Panti Pijat"], HOTEL),
                "spa/karaoke",
            ),
        };
        let v = self.case(&v);
        self.ident(&v, Cat::Venue, variant);
    }

    // --- decoys ----------------------------------------------------------------

    fn price(&mut self) {
        let k: u32 = self.rng.gen_range(1..40) * 50;
        let p = match self.rng.gen_range(0..11) {
            0 => format!("Rp {}", thousands(k * 1000)),
            1 => format!("Rp{}", thousands(k * 1000)),
            2 => format!("Rp. {},-", thousands(k * 1000 + 1_000_000)),
            3 => format!("{k} ribu"),
            4 => format!("{k}rb"),
            5 => format!("{},{} juta", self.rng.gen_range(1..5), self.rng.gen_range(1..10)),
            6 => format!("{}jt", self.rng.gen_range(1..4)),
            7 => format!("{k}k"),
            8 => format!("IDR {k}k"),
            9 => format!("Rp {}", thousands(k * 1000)),
            _ => format!("{}.5jt", self.rng.gen_range(1..3)),
        };
        self.decoy(&p, Decoy::Price);
    }

    fn time(&mut self) {
        let (h, m) = (
            self.rng.gen_range(0..24),
            *[0, 0, 15, 30, 30, 45, 10, 20].choose(self.rng).unwrap(),
        );
        let t = match self.rng.gen_range(0..5) {
            0 | 1 => format!("{h:02}.{m:02}"),
            2 => format!("{h}:{m:02}"),
            3 => format!("{h:02}:{m:02}"),
            _ => format!("{}.{m:02}", h % 12 + 1),
        };
        self.decoy(&t, Decoy::Time);
    }

    fn date(&mut self) {
        let (d, m, y) = (
            self.rng.gen_range(1..29),
            self.rng.gen_range(1..13),
            self.rng.gen_range(2019..2026),
        );
        let s = match self.rng.gen_range(0..6) {
            0 | 1 => format!("{d:02}/{m:02}/{y}"),
            2 => format!("{d}-{m}-{y}"),
            3 => format!("{d} {} {y}", MONTH[m - 1]),
            4 => format!("{y}-{m:02}-{d:02}"),
            _ => format!("{d}/{m}/{}", y % 100),
        };
        self.decoy(&s, Decoy::Date);
    }

    fn age(&mut self) {
        let a = self.rng.gen_range(18..45);
        let s = match self.rng.gen_range(0..5) {
            0 => format!("umur {a}"),
            1 => format!("{a} tahun"),
            2 => format!("usia {a}"),
            3 => format!("{a} thn"),
            _ => format!("umur {a} tahun"),
        };
        self.decoy(&s, Decoy::Age);
    }

    fn stats(&mut self) {
        let (tb, bb) = (self.rng.gen_range(148..176), self.rng.gen_range(40..75));
        let s = match self.rng.gen_range(0..4) {
            0 => format!("TB/BB {tb}/{bb}"),
            1 => format!("{tb}/{bb}"),
            2 => format!(
                "{}{}",
                [32, 34, 36, 38].choose(self.rng).unwrap(),
                ["A", "B", "C", "D"].choose(self.rng).unwrap()
            ),
            _ => format!("tinggi {tb} cm"),
        };
        self.decoy(&s, Decoy::Stats);
    }

    fn decoy_from(&mut self, list: &[&str], kind: Decoy) {
        let s = list.choose(self.rng).unwrap().to_string();
        self.decoy(&s, kind);
    }

    fn emoji(&mut self) {
        if self.rng.gen_bool(0.35) {
            let e = EMOJI.choose(self.rng).unwrap().repeat(self.rng.gen_range(1..4));
            self.raw(" ");
            self.raw(&e);
        }
    }

    /// Fills a template: literal text with `{slot}` placeholders, or `{kind:text}` for
    /// a fixed decoy (app, rel, day, month).
    fn fill(&mut self, template: &str) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            self.lit(&rest[..open]);
            let close = open + rest[open..].find('}').expect("unclosed slot");
            let slot = &rest[open + 1..close];
            self.slot(slot);
            rest = &rest[close + 1..];
        }
        self.lit(rest);
    }

    fn slot(&mut self, slot: &str) {
        if let Some((kind, text)) = slot.split_once(':') {
            let kind = match kind {
                "app" => Decoy::App,
                "rel" => Decoy::Religious,
                "day" => Decoy::Weekday,
                "month" => Decoy::Month,
                _ => panic!("unknown decoy kind {kind}"),
            };
            self.decoy(text, kind);
            return;
        }
        match slot {
            "name" => self.person_bare(),
            "full" => self.person_full(),
            "hname" => self.person_honorific(),
            "peer" => self.peer(),
            "me" => {
                let p = self.me.clone().unwrap_or_else(|| self.participants[0].clone());
                self.registered_name(&p);
            }
            "myphone" => {
                let p = self.me.clone().unwrap_or_else(|| self.participants[0].clone());
                self.registered_phone(&p);
            }
            "mymichat" => {
                let p = self.me.clone().unwrap_or_else(|| self.participants[0].clone());
                self.registered_michat(&p);
            }
            "place" => self.place(),
            "phone" => self.phone(),
            "email" => self.email(),
            "link" => self.link(),
            "handle" => self.handle(true),
            "at" => self.handle(false),
            "michat" => self.michat(),
            "nik" => self.nik(),
            "acct" => self.account(),
            "ewallet" => self.ewallet(),
            "va" => self.va(),
            "pay" => match self.rng.gen_range(0..5) {
                0 | 1 => self.account(),
                2 | 3 => self.ewallet(),
                _ => self.va(),
            },
            "plate" => self.plate(),
            "addr" => self.address(),
            "venue" => self.venue(),
            "org" => self.organisation(),
            "price" => self.price(),
            "time" => self.time(),
            "date" => self.date(),
            "age" => self.age(),
            "stats" => self.stats(),
            "day" => self.decoy_from(WEEKDAY, Decoy::Weekday),
            "month" => self.decoy_from(MONTH, Decoy::Month),
            "app" => self.decoy_from(APP, Decoy::App),
            "rel" => self.decoy_from(RELIGIOUS, Decoy::Religious),
            "emoji" => self.emoji(),
            _ => panic!("unknown slot {slot}"),
        }
    }

    // --- documents -------------------------------------------------------------

    fn transcript(&mut self, p: &Participant, target_len: usize, session: u32) {
        self.me = Some(p.clone());
        let start = self.text.len();
        let researcher = *["Peneliti", "Peneliti", "Pewawancara", "R", "I"]
            .choose(self.rng)
            .unwrap();
        let label = p.code.clone();
        self.lit(&format!("TRANSKRIP WAWANCARA {} (sesi {session})\nTanggal: ", p.code));
        self.date();
        self.lit("\nLokasi: ");
        if self.rng.gen_bool(0.5) {
            self.lit("kafe dekat ");
            self.place();
        } else {
            self.lit("via telepon WhatsApp");
        }
        self.lit("\nDurasi: ");
        let minutes = self.rng.gen_range(35..110);
        self.lit(&format!("{minutes} menit\n\n"));
        let mut minute = 0u32;
        while self.text.len() - start < target_len {
            // A question, then one to three answer turns (with follow-ups).
            if self.rng.gen_bool(0.15) {
                minute += self.rng.gen_range(1..4);
                let second = self.rng.gen_range(0..60);
                // A transcriber's timecode: a clock-like decoy.
                self.raw("[");
                self.decoy(
                    &format!("{:02}:{:02}:{second:02}", minute / 60, minute % 60),
                    Decoy::Time,
                );
                self.raw("] ");
            }
            self.lit(&format!("{researcher}: "));
            let q = *QUESTIONS.choose(self.rng).unwrap();
            self.fill(q);
            self.raw("\n");
            for _ in 0..self.rng.gen_range(1..3) {
                self.lit(&format!("{label}: "));
                self.chatty = self.rng.gen_bool(0.15);
                // One to three different sentences in a turn.
                let n = self.rng.gen_range(1..4);
                let answers: Vec<&str> = ANSWERS.choose_multiple(self.rng, n).copied().collect();
                for (k, a) in answers.into_iter().enumerate() {
                    if k > 0 {
                        self.raw(" ");
                    }
                    self.fill(a);
                }
                if self.rng.gen_bool(0.12) {
                    let note = [
                        " [tertawa]",
                        " [jeda]",
                        " (tertawa)",
                        " [suara motor lewat]",
                        " [tidak jelas]",
                    ];
                    let note = *note.choose(self.rng).unwrap();
                    self.lit(note);
                }
                self.chatty = false;
                self.raw("\n");
                if self.rng.gen_bool(0.3) {
                    self.lit(&format!("{researcher}: "));
                    let f = *FOLLOW_UPS.choose(self.rng).unwrap();
                    self.fill(f);
                    self.raw("\n");
                }
            }
            self.raw("\n");
        }
        self.me = None;
    }

    fn chat_header(&mut self, chat: &mut ChatState) {
        let intro = match chat.format {
            ChatFormat::AndroidEn | ChatFormat::IosEn => {
                "Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them. Learn more."
            }
            _ => {
                "Pesan dan panggilan dienkripsi secara end-to-end. Tidak seorang pun di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya."
            }
        };
        if matches!(chat.format, ChatFormat::IosId | ChatFormat::IosEn) {
            // iOS puts the notice under the chat's name, after a left-to-right mark.
            let me = chat.senders.iter().find(|s| matches!(s, Sender::Name { .. })).cloned();
            self.line_head(chat, me.as_ref());
            self.raw("\u{200E}");
        } else {
            self.line_head(chat, None);
        }
        self.raw(intro);
        self.raw("\n");
    }

    /// The timestamp and sender at the head of an export line.
    fn line_head(&mut self, chat: &mut ChatState, sender: Option<&Sender>) {
        chat.advance(self.rng);
        let ts = chat.timestamp();
        let ios = matches!(chat.format, ChatFormat::IosId | ChatFormat::IosEn);
        if ios {
            // iOS prefixes lines with attachments or system text with a left-to-right mark.
            if self.rng.gen_bool(0.03) {
                self.raw("\u{200E}");
            }
            self.raw("[");
            self.plant(&ts, Truth::Decoy(Decoy::Timestamp), "", Flags::default());
            self.raw("] ");
        } else {
            self.plant(&ts, Truth::Decoy(Decoy::Timestamp), "", Flags::default());
            self.raw(" - ");
        }
        let Some(sender) = sender else { return };
        match sender {
            Sender::Phone(nsn) => {
                // WhatsApp shows unsaved contacts as "+62 812-3456-7890", with
                // non-breaking hyphens and wrapped in directional marks.
                let (pre, rest) = nsn.split_at(3);
                let body = group(rest, &[4, 4], "\u{2011}");
                let num = format!("+62 {pre}\u{2011}{body}");
                self.raw("\u{202A}");
                self.plant(
                    &num,
                    Truth::Ident(Cat::Phone),
                    "chat sender number",
                    Flags {
                        sender: true,
                        ..Flags::default()
                    },
                );
                self.raw("\u{202C}");
            }
            Sender::Name {
                prefix,
                text,
                registered,
                cue_only,
            } => {
                if let Some(prefix) = prefix {
                    self.raw(prefix);
                    // "~\u{202F}" (an unsaved contact's profile name) is already spaced.
                    if !prefix.ends_with('\u{202F}') {
                        self.raw(" ");
                    }
                }
                let text = text.clone();
                self.plant(
                    &text,
                    Truth::Ident(Cat::Person),
                    "chat sender name",
                    Flags {
                        sender: true,
                        registered: *registered,
                        cue_only: *cue_only,
                    },
                );
            }
            Sender::Role(r) => {
                let r = r.clone();
                self.raw(&r);
            }
        }
        self.raw(": ");
    }

    fn chat(&mut self, chat: &mut ChatState, target_len: usize) {
        self.me = Some(chat.participant.clone());
        let start = self.text.len();
        while self.text.len() - start < target_len {
            let who = self.rng.gen_range(0..chat.senders.len());
            let sender = chat.senders[who].clone();
            self.line_head(chat, Some(&sender));
            // Researchers write properly; everyone else mostly in chat style.
            let researcher = chat.kind == ChatKind::Researcher && who == 0;
            self.lower = self.rng.gen_bool(if researcher { 0.1 } else { 0.6 });
            self.chatty = !researcher && self.rng.gen_bool(0.7);
            // Sender 0 is the participant in client chats and the researcher in
            // research chats (see ChatState::new).
            let pool: &[&str] = match (chat.kind, who) {
                (ChatKind::Client, 0) => WORKER_SAYS,
                (ChatKind::Client, _) => CLIENT_SAYS,
                (ChatKind::Researcher, 0) => RESEARCHER_SAYS,
                (ChatKind::Researcher, _) => PARTICIPANT_SAYS,
                (ChatKind::Group, _) => GROUP_CHAT,
            };
            match self.rng.gen_range(0..100) {
                0..=2 => self.raw(if chat.english() {
                    "\u{200E}<Media omitted>"
                } else {
                    "\u{200E}<Media tidak disertakan>"
                }),
                3 => self.raw(if chat.english() {
                    "This message was deleted"
                } else {
                    "Pesan ini dihapus"
                }),
                4..=23 => {
                    let f = *FILLER.choose(self.rng).unwrap();
                    self.fill(f);
                }
                _ => {
                    let t = *pool.choose(self.rng).unwrap();
                    self.fill(t);
                }
            }
            self.emoji();
            // A multi-line message continues on lines without a head.
            if self.rng.gen_bool(0.06) {
                self.raw("\n");
                let t = *pool.choose(self.rng).unwrap();
                self.fill(t);
            }
            self.raw("\n");
            self.lower = false;
            self.chatty = false;
        }
        self.me = None;
    }
}

fn abbreviate(w: &str) -> Option<&'static str> {
    Some(match w {
        "yang" => "yg",
        "tidak" | "nggak" => "gak",
        "sudah" | "udah" => "udh",
        "banget" => "bgt",
        "sama" => "sm",
        "juga" => "jg",
        "dulu" => "dlu",
        "tapi" => "tp",
        "gimana" => "gmn",
        "sekarang" => "skrg",
        "aku" => "aq",
        "kamu" => "km",
        "bisa" => "bs",
        "lagi" => "lg",
        "dong" => "dong",
        "kalau" | "kalo" => "klo",
        "terus" => "trs",
        "saja" | "aja" => "aj",
        "dengan" => "dgn",
        "orang" => "org",
        _ => return None,
    })
}

fn typo(rng: &mut StdRng, w: &str) -> String {
    let b = w.as_bytes();
    match rng.gen_range(0..3) {
        // Held key: "bangettt".
        0 => format!(
            "{w}{}",
            (b[b.len() - 1] as char).to_string().repeat(rng.gen_range(1..4))
        ),
        // Swapped neighbours.
        1 => {
            let i = rng.gen_range(1..b.len() - 1);
            let mut v = b.to_vec();
            v.swap(i, i + 1);
            String::from_utf8(v).unwrap()
        }
        // Dropped vowel.
        _ => {
            let mut s = w.to_string();
            if let Some(i) = s[1..].find(['a', 'e', 'i', 'o', 'u']) {
                s.remove(i + 1);
            }
            s
        }
    }
}

// ---------------------------------------------------------------------------------
// Chats.

#[derive(Clone, Copy, PartialEq, Eq)]
enum ChatFormat {
    /// "12/03/24 21.30 - Sender: …"
    AndroidId,
    /// "3/12/24, 9:30 PM - Sender: …" (narrow no-break space before PM)
    AndroidEn,
    /// "[12/03/24 21.30.15] Sender: …"
    IosId,
    /// "[3/12/24, 9:30:15 PM] Sender: …"
    IosEn,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ChatKind {
    /// A participant's chat with a client, shared with the researcher.
    Client,
    /// The researcher arranging interviews and payments with a participant.
    Researcher,
    /// A group in which workers warn each other.
    Group,
}

#[derive(Clone)]
enum Sender {
    Phone(String),
    /// A saved contact name; `prefix` is an honorific kept outside the planted range.
    Name {
        prefix: Option<&'static str>,
        text: String,
        registered: bool,
        cue_only: bool,
    },
    Role(String),
}

struct ChatState {
    format: ChatFormat,
    kind: ChatKind,
    participant: Participant,
    senders: Vec<Sender>,
    /// Minutes since 1 Jan 2022 00:00.
    minute: u64,
}

impl ChatState {
    fn new(rng: &mut StdRng, participants: &[Participant]) -> Self {
        let format = *[
            ChatFormat::AndroidId,
            ChatFormat::AndroidId,
            ChatFormat::AndroidEn,
            ChatFormat::IosId,
            ChatFormat::IosEn,
        ]
        .choose(rng)
        .unwrap();
        let kind = *[
            ChatKind::Client,
            ChatKind::Client,
            ChatKind::Researcher,
            ChatKind::Group,
        ]
        .choose(rng)
        .unwrap();
        let participant = participants.choose(rng).unwrap().clone();
        let me = Sender::Name {
            prefix: None,
            text: participant.work.clone(),
            registered: true,
            cue_only: false,
        };
        let other = |rng: &mut StdRng| {
            if rng.gen_bool(0.4) {
                Sender::Phone(mobile_nsn(rng))
            } else {
                // Clients, saved by first name and often an honorific.
                let prefix = if rng.gen_bool(0.5) {
                    HONORIFIC_MAIN[1].choose(rng).copied()
                } else {
                    None
                };
                let name = GIVEN_M.choose(rng).unwrap().to_string();
                Sender::Name {
                    prefix,
                    text: name,
                    registered: false,
                    cue_only: false,
                }
            }
        };
        let senders = match kind {
            ChatKind::Client => vec![me, other(rng)],
            ChatKind::Researcher => vec![
                Sender::Role(format!("Peneliti {}", ["RA1", "RA2", "PI"].choose(rng).unwrap())),
                me,
            ],
            ChatKind::Group => {
                let mut v = vec![me];
                for _ in 0..rng.gen_range(3..8) {
                    let p = participants.choose(rng).unwrap();
                    v.push(if rng.gen_bool(0.5) {
                        Sender::Name {
                            // Android marks profile names of unsaved contacts with "~".
                            prefix: if rng.gen_bool(0.3) { Some("~\u{202F}") } else { None },
                            text: p.nick.clone(),
                            registered: true,
                            cue_only: p.nick_cue_only,
                        }
                    } else {
                        Sender::Phone(mobile_nsn(rng))
                    });
                }
                v
            }
        };
        let minute = rng.gen_range(0..3 * 365 * 24 * 60);
        ChatState {
            format,
            kind,
            participant,
            senders,
            minute,
        }
    }

    fn english(&self) -> bool {
        matches!(self.format, ChatFormat::AndroidEn | ChatFormat::IosEn)
    }

    fn advance(&mut self, rng: &mut StdRng) {
        self.minute += if rng.gen_bool(0.9) {
            rng.gen_range(0..6)
        } else {
            rng.gen_range(60..3000)
        };
    }

    fn timestamp(&self) -> String {
        let total_days = self.minute / (24 * 60);
        let mut year = 2022;
        let mut day = total_days;
        loop {
            let len = if year % 4 == 0 { 366 } else { 365 };
            if day < len {
                break;
            }
            day -= len;
            year += 1;
        }
        let months = [
            31,
            if year % 4 == 0 { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        let mut month = 0;
        while day >= months[month] {
            day -= months[month];
            month += 1;
        }
        let (d, m, y) = (day + 1, month + 1, year % 100);
        let (h, min) = ((self.minute / 60) % 24, self.minute % 60);
        let s = (self.minute * 7919) % 60;
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        let ampm = if h < 12 { "AM" } else { "PM" };
        match self.format {
            ChatFormat::AndroidId => format!("{d:02}/{m:02}/{y:02} {h:02}.{min:02}"),
            ChatFormat::AndroidEn => format!("{m}/{d}/{y:02}, {h12}:{min:02}\u{202F}{ampm}"),
            ChatFormat::IosId => format!("{d:02}/{m:02}/{y:02} {h:02}.{min:02}.{s:02}"),
            ChatFormat::IosEn => format!("{m}/{d}/{y:02}, {h12}:{min:02}:{s:02}\u{202F}{ampm}"),
        }
    }
}

// ---------------------------------------------------------------------------------
// Templates. Slots: name (bare), full, hname (honorific + name), peer (another
// participant, registered), me/myphone/mymichat (the interviewee's own, registered),
// place, phone, email, link, handle, michat (with cue), nik (cue optional), acct
// (with cue), ewallet, va, pay (any of the three), plate, addr, venue; decoys price,
// time, date, age, stats, day, month, app, rel, and fixed ones {app:MiChat} etc.
// Literal text never holds an unmarked identifier.

const QUESTIONS: &[&str] = &[
    "Boleh cerita awal mulanya kamu mulai pakai {app:MiChat}?",
    "Kalau foto profil, biasanya kamu pilih foto yang kayak gimana?",
    "Tadi kamu sebut {hname}, dia itu siapa ya?",
    "Terus kalau soal harga, gimana cara nentuinnya?",
    "Pernah ngalamin razia nggak? Ceritain dong.",
    "Waktu kejadian di {venue} itu, kamu sama siapa?",
    "Oke. Kita lanjut ke soal pembayaran ya. Biasanya tamu bayar pakai apa?",
    "Kamu tadi bilang asalnya dari {place}, pindah ke {place} tahun berapa?",
    "Boleh dijelasin maksudnya open BO itu apa?",
    "Gimana kamu jaga keamanan pas ketemu tamu baru?",
    "Oke, saya catat ya. Nanti semua nama diganti kok di transkrip.",
    "Kalau {hname} itu mucikari atau temen?",
    "Pas bulan {month} kemarin ada kejadian apa?",
    "Kamu biasanya online jam berapa? Misalnya hari {day}?",
    "Itu yang kamu sebut tadi, {peer}, masih kerja juga?",
    "Apa bedanya {app:MiChat} sama {app:WhatsApp} buat kamu?",
    "Kamu pernah ditipu tamu nggak, misalnya udah transfer tapi bodong?",
    "Gimana caranya kamu nulis deskripsi di profil?",
    "Kamu pakai nama asli atau nama samaran di {app}?",
    "Terus habis digerebek itu kamu tinggal di mana?",
    "Ada yang mau ditambahin sebelum kita tutup?",
    "Soal Satpol PP, pernah berurusan langsung?",
    "Hmm, terus {hname} tahu soal ini?",
    "Kenapa milih kerja di sekitar {place}?",
    "So, how do you decide who to meet? Boleh campur bahasa Inggris kok.",
    "Berapa lama biasanya dari chat pertama sampai ketemu?",
];

const FOLLOW_UPS: &[&str] = &[
    "Oh gitu.",
    "Hmm, terus?",
    "Maksudnya gimana tuh?",
    "Itu kapan kira-kira?",
    "Oke, terus {hname} gimana?",
    "Di {place} juga?",
    "Jadi harganya {price} ya?",
    "Sampai jam berapa biasanya?",
    "Iya, iya.",
    "Wah. Terus kamu gimana?",
    "Sorry, tadi di mana? {venue}?",
    "Yang di {place} itu ya?",
];

const ANSWERS: &[&str] = &[
    "Awalnya tuh diajak temen, {peer}, dia bilang di {app:MiChat} gampang dapet tamu.",
    "Jadi gue bikin akun, pake foto yang agak blur gitu biar nggak ketahuan, terus nama gue ganti jadi {name}.",
    "Foto profil aku filter semua kak, muka nggak pernah full. Paling dari samping, atau pakai masker.",
    "Aku pasang {stats}, {age}, terus ST {price} LT {price}. Basically standar lah di daerah {place}.",
    "Harga tergantung sih, kalau tamunya kayak bapak-bapak kantoran aku naikin jadi {price}.",
    "Pernah, kak. Pas malem {day} itu di {venue}, tiba-tiba ada razia, semua disuruh turun ke lobby.",
    "Yang grebek itu Satpol PP sama polisi, aku dibawa ke Polres, KTP ditahan. {rel:Alhamdulillah} nggak sampai ditahan.",
    "Mami aku, {hname}, yang urus semuanya. Dia ambil {price} dari tiap tamu.",
    "Aku kabur dari {hname} soalnya dia kasar, terus pindah ke {venue}.",
    "Sekarang aku ngekos di {venue}, deket {place}, sendiri aja.",
    "Kalau sakit aku periksa di {org}, petugasnya udah kenal, nggak pernah nanya macem-macem.",
    "Yang bantu aku waktu itu orang dari {org}, namanya {hname}, dia yang anter ke pengadilan.",
    "Kalau tamu baru aku minta DP dulu {price}, transfer ke {pay}.",
    "Biasanya sih transfer, ke {pay}. Cash juga bisa tapi jarang.",
    "Dulu aku kasih nomor aku {myphone} ke semua tamu, sekarang nggak lagi, bahaya.",
    "Nomor yang buat kerja beda kak, {phone}, yang pribadi cuma keluarga yang tau.",
    "Ada tamu yang nge-share nomor aku di grup, {phone}, jadi aku ganti nomor.",
    "Aku suka ngirim link {link} biar langsung chat WA aja, nggak usah lewat {app:MiChat}.",
    "Di bio aku tulis {michat}, terus ig {at} buat yang mau liat foto.",
    "Temen aku {hname} itu ketangkep di {place}, sampai sekarang masih di panti sosial.",
    "Aku selalu share lokasi ke {peer}, jadi kalau ada apa-apa dia tau aku di {venue}.",
    "Pernah ada tamu mobilnya {plate}, dia maksa nggak pakai kondom, aku langsung keluar.",
    "Dia jemput pakai motor, {plate}, aku foto platnya terus kirim ke grup.",
    "Tamu itu ngaku namanya {hname}, kerja di bank, tapi ternyata polisi nyamar.",
    "{rel:Insya Allah} tahun depan aku berhenti, mau buka warung di {place}.",
    "Aku kerja biasanya {day} sampai {day}, dari jam {time} sampai jam {time}.",
    "Yang paling rame itu pas habis gajian, tanggal {date}-an gitu, atau pas {rel:Lebaran} malah sepi.",
    "Pernah diminta KTP sama germo, {nik}, katanya buat jaminan. Sampai sekarang belum balik.",
    "Waktu di-BAP polisi mereka nyatet NIK aku, {nik}, takut banget aku masuk data.",
    "Alamat kos aku yang lama tuh {addr}, tapi aku udah pindah.",
    "Dulu aku tinggal di {addr}, sama {hname}.",
    "Email aku dulu {email}, buat daftar {app:Shopee} sama {app:Gojek}.",
    "Tamu yang resek itu kirim email ke {email}, ngancem mau nyebarin foto aku.",
    "Honestly it's kinda scary, tapi ya mau gimana, butuh duit buat anak di {place}.",
    "So far aman sih, {rel:alhamdulillah}, aku selalu screening dulu lewat chat.",
    "Literally dia cuma bilang 'kamu ready?', terus langsung minta foto, aku blok.",
    "Kalau ada yang minta VCS atau foto telanjang, aku minta bayar dulu ke {ewallet}.",
    "Aku pernah ketemu tamu di {venue}, kamar 305, orangnya baik sih, namanya {hname}.",
    "{hname} yang ngajarin aku pasang foto, katanya jangan pakai foto asli.",
    "Di {app:MiChat} tuh fitur orang sekitar, jadi tamu bisa liat jarak kita, misalnya 500 meter.",
    "Nama aku di situ {me}, nama asli nggak pernah aku kasih.",
    "Yang kenal aku cuma {peer} sama {peer}, mereka juga kerja.",
    "Aku pakai {app:Grab} atau {app:Gojek} ke hotel, nggak pernah bawa motor sendiri.",
    "Iya, yang di {venue} itu langganan. Resepsionisnya udah kenal, namanya {hname}.",
    "Pernah juga main di {venue}, tapi di sana sering razia, apalagi bulan {month}.",
    "Joki aku dulu {hname}, dia yang cariin tamu, aku tinggal dateng.",
    "Kadang aku kasih {link}, isinya foto-foto yang udah aku pilih.",
    "Kalau tamu mau nambah, bayarnya ke {pay}, terus aku cek dulu udah masuk belum.",
    "Ada yang nipu pakai bukti transfer palsu, nomornya {phone}, ngakunya {hname}.",
    "Kalau mau hubungin aku buat wawancara lagi boleh, {myphone}, atau {mymichat}.",
    "Ya gitu deh kak. Capek, tapi ya namanya juga cari makan.",
    "Aku dari {place} asli, umur segini udah punya anak dua.",
    "Waktu itu {hname} dijemput polisi di depan {venue}, jam {time}.",
    "Link aku {link}, tapi jarang aku buka.",
    "Dia kasih nomor kantornya, {phone}, katanya kalau ada apa-apa telepon situ aja.",
    "Aku sempet kerja di {place} tiga bulan, pas {month} balik lagi ke sini.",
    "Nomor KK aku sampai dipakai {hname} buat daftar pinjol, {nik}.",
    "Kalau yang ngontrak di {addr}, itu {hname} yang bayarin.",
    "Pernah ada yang ngikutin aku pulang, mobil item {plate}, serem banget.",
    "Akun {app:Instagram} aku {at} udah aku private, banyak yang stalking.",
    "Sebelum ketemu aku minta tamu kirim foto KTP, tapi banyak yang palsu.",
    "Aku bilang ke {peer}, kalau jam {time} aku belum kabarin, telepon aja ke {phone}.",
    "Nggak sih, aku nggak pernah pakai nama asli, kecuali ke {hname}.",
    "Iya, {rel:Astaghfirullah}, kadang aku mikir ini dosa, tapi anak aku butuh susu.",
    "Yang paling parah itu waktu {day} malem, {hname} dipukul tamu di {venue}.",
];

const FILLER: &[&str] = &[
    "ok kak",
    "siap",
    "wkwkwk",
    "hahaha iya",
    "oke otw",
    "bentar ya",
    "udah sampe?",
    "makasih kak",
    "iya bener",
    "sip",
    "nanti aku kabarin",
    "lagi di jalan",
    "ya udah deh",
    "😂😂",
    "hmm",
    "gpp kok",
    "oke deh {day} aja",
    "{rel:Alhamdulillah}",
    "{rel:Insya Allah} bisa",
    "jam {time} ya",
    "iya jadi",
    "maaf baru bales",
    "ready kak?",
    "ga jadi ya",
];

/// The worker to a client.
const WORKER_SAYS: &[&str] = &[
    "ready kak, ST {price} LT {price}",
    "aku di {venue} {place} kak",
    "besok ada tes dari {org} kak, gratis",
    "di {venue} ya, kamar nanti aku kabarin",
    "tf dulu ya DP {price} ke {pay}",
    "ini nomer aku {phone}, chat wa aja",
    "wa aku aja {link}",
    "add {michat} ya, di sini jarang buka",
    "{stats}, {age}, no PHP",
    "panggil aja {me}",
    "bisa, tambah transport {price}",
    "alamat aku {addr}, samping warung",
    "bisa kak, atau {pay} juga boleh",
    "aku di {venue}, lt 3",
    "ig aku {at}",
    "kalo mau liat foto lain cek {link}",
    "gabisa nego kak, udah pas {price}",
    "{rel:Insya Allah} {day} aku free",
    "sorry kak aku udah di {place} sekarang",
    "email aku {email} kalo mau kirim bukti tf",
    "ini siapa? dapet nomer aku dari mana",
    "kak jangan ke {venue} dulu ya, lagi ada razia",
    "tf ke {va} ya kak",
    "om yang kemarin itu ya? {hname}?",
    "aku udah di lobby, om pake baju apa?",
    "jangan lupa bawa pengaman ya",
    "kalo telat lebih dari 30 menit aku cancel ya kak",
];

/// A client to the worker.
const CLIENT_SAYS: &[&str] = &[
    "kak ready?",
    "lokasi dimana kak",
    "udah ku tf ya kak {price}",
    "foto dulu dong kak",
    "jam {time} bisa?",
    "oke kak otw, pake {app:Grab}",
    "aku pake mobil {plate} ya, parkir depan lobby",
    "nama kamu siapa? aku {hname}",
    "panggil aja {name}",
    "kak mau BO ke {place} bisa ga",
    "jemput di {addr} ya",
    "kak bayar pake e-wallet bisa? {ewallet}",
    "kak harga nego?",
    "tanggal {date} bisa?",
    "kalo ga percaya telpon aja {phone}",
    "dari {hname}, temen kamu",
    "kak aku yang kemarin, {hname}",
    "aku tunggu di {venue} kamar 412",
    "ini nomer kantor aku {phone}, jangan telpon jam kerja",
    "aku kirim ke {pay} ya",
];

/// The researcher to a participant.
const RESEARCHER_SAYS: &[&str] = &[
    "Halo {me}, saya dari tim penelitian. Besok {day} bisa ketemu jam {time}?",
    "Oke, gimana kalau di kafe dekat {venue}?",
    "Mbak, honor wawancara {price} saya transfer ke mana ya?",
    "Baik, sudah saya transfer {price} ke {ewallet} ya. Mohon dicek.",
    "Untuk kuitansi saya perlu nama dan NIK, boleh? Kalau tidak mau juga tidak apa-apa.",
    "Kalau ada pertanyaan bisa hubungi email saya {email} atau kantor {phone}.",
    "Terima kasih. Nanti di transkrip nama dan nomor diganti semua.",
    "Boleh, minta tolong kirim kontaknya saja.",
    "Mbak, jadwal kita pindah ke {day} tanggal {date}, jam {time} ya.",
    "Ini formulir persetujuannya: {link}",
    "Oke mbak. Untuk ongkos transport saya kirim {price}.",
    "Ya ampun. Dia aman? Kalau butuh bantuan hukum ada LBH, nomornya {phone}.",
    "Saya sudah sampai, duduk di pojok dekat jendela ya.",
];

/// A participant to the researcher.
const PARTICIPANT_SAYS: &[&str] = &[
    "bisa kak, tapi jangan di {place} ya, takut ketemu orang",
    "ke {pay} aja kak",
    "udah masuk kak makasih",
    "boleh kak, {full}, {nik}",
    "kak nomor aku ganti ya, sekarang {myphone}",
    "kak temen aku {peer} mau ikut wawancara juga, boleh?",
    "ini kak {phone}, namanya {hname}",
    "kak aku lagi di {place}, pulang {month}",
    "aku tinggal di {addr} kak kalau mau kirim paket",
    "{rel:Insya Allah} bisa kak",
    "kak tau ga, {hname} kena razia lagi di {venue}",
    "kak kalau mau liat profil aku, {mymichat}",
    "ig aku {at} tapi jangan di follow ya kak wkwk",
];

const GROUP_CHAT: &[&str] = &[
    "hati2 guys ada tamu nakal, nomernya {phone}, ngakunya {hname} dari {place}",
    "AWAS!! penipu bukti tf palsu, wa {phone}, fotonya kayak gini",
    "ada razia di {venue} malem ini, jangan ke sana dulu",
    "{hname} ketangkep kemarin di {place}, ada yang tau kabarnya?",
    "td ada Satpol PP di depan {venue}",
    "mobil {plate} itu polisi nyamar, jangan mau",
    "yang pake michat hati2, id {michat} itu intel",
    "ada yang butuh kamar? {venue} kosong",
    "siapa yang kenal {hname}? dia minta nomer aku",
    "{peer} udah pulang belum? ga bisa dihubungin",
    "temen aku ilang kontak dari {day}, terakhir di {venue}",
    "transfer patungan buat {peer} ya ke {pay}",
    "info lowongan di {place}, hubungi {phone}",
    "tamu ini ga bayar, ig nya {at}, sebarin",
    "link grup baru {link}",
    "jangan mau sama om yang mobilnya {plate}, kasar",
    "{rel:Ya Allah} semoga {peer} cepet keluar",
    "aku pindah ke {addr}, kalau mau main",
    "harga pasaran di {place} sekarang berapa? aku {price}",
    "hari {day} ada penyuluhan dari LSM, di {venue}",
    "NIK aku dipakai orang buat pinjol, {nik}, gimana ya",
    "email penipu: {email}, dia ngaku agen",
    "yang di {place} hati2, {month} ini razia tiap malem",
];

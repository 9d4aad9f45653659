//! Ingest through the binary: import behind the consent gate, pseudonymisation that is
//! consistent across items, review, the preview command, image metadata, and no
//! original left anywhere in the vault's files or in messages.

mod common;

use serde_json::Value;

use common::{Member, Sandbox, assert_clean_failure, files_containing};

/// Identifiers planted in the sample data. Each must vanish from the vault's files.
const PHONE: &str = "0812-7391-4482";
const PHONE_OTHER_SPELLING: &str = "+62 812 7391 4482";
const EMAIL: &str = "zelcanary.q7x@example.com";
const NIK: &str = "3174054203950012";
/// Where P01 lives, from a map app; the chat gives the same point in degrees, minutes
/// and seconds.
const POINT: &str = "-6.1751234, 106.8271234";
const POINT_OTHER_SPELLING: &str = "6°10'30.4\"S 106°49'37.6\"E";
const SENDER: &str = "Wulandari Canarytest";
/// A number read aloud group by group, and a username standing alone.
const DICTATED_PHONE: &str = "0813 sama 5520 sama 7731";
const OLD_USERNAME: &str = "zelkowiq_kpb";
/// A title that is her name, the town after her address, her client's employer.
const TITLE_TOWN_EMPLOYER: &str = "si Nona, kosnya di Perum Griya Mulya Blok C-12, Teras. Pegawai Bank Kalsel";
/// Her client's bank branch, an office's address with '@' in brackets, and a number
/// spelled without vowels.
const BRANCH_MAIL_SPELLED: &str = "satpam di BRI Cabang Manado Sam Ratulangi, e-mail \
    pengaduan(at)srikandimusi(dot)or(dot)id, wa ksong lpn lma tjuh, tga dua dua, enm lpn sblan, nol nol";

/// A name whose syllable is a word, a bus company, a housing estate, a month that is a
/// name, a clan, a name drawn out (thirty-first session): the session's first binary
/// left "Kok", "PO", "BTN", "Mei", "Riris boru Lumban Gaol" and "euiss" in clear.
const SYLLABLE_BUS_ESTATE_CLAN: &str = "Kata Tan Kok Liang, naik PO Gunung Harta ke BTN Griya Lasinrang \
    Blok D2 No. 9, hubungi Mei di sana, Riris boru Lumban Gaol, makasih euiss";

/// A diary typed in lower case: a beach, a village, a Malaysian mobile without its
/// country code, a name drawn out in the middle, a regency's short name, a place found
/// in capitals and written again in lower case (thirty-second session): the session's
/// first binary found only "Zelkapura" in capitals.
const LOWER_CASE_DIARY: &str = "Pindah ke Zelkapura. ke pantai gorango, di desa wawama, \
    nomor lama 019-775 3102, kaaak jaaake, pulang talaud, kalau zelkapura rame";
/// What of `LOWER_CASE_DIARY` must be replaced, in the text shown and in the vault.
const LOWER_CASE_DIARY_CANARIES: &[&str] = &[
    "Zelkapura",
    "zelkapura",
    "gorango",
    "wawama",
    "775 3102",
    "jaaake",
    "talaud",
];

fn transcript() -> String {
    format!(
        "Peneliti: Boleh cerita soal kontak dengan tamu?\n\
         P01: Biasanya tamu WA ke {PHONE}, atau email ke {EMAIL}. KTP saya {NIK} pernah difoto.\n\
         P01: Kos saya di {POINT}, itu titik dari Google Maps.\n\
         P01: Nomor lama {DICTATED_PHONE}, yang dulu {OLD_USERNAME} sudah dihapus.\n\
         P01: Yang kenalkan {TITLE_TOWN_EMPLOYER} juga sering datang.\n\
         P01: Pacarnya {BRANCH_MAIL_SPELLED} ya.\n\
         P01: {SYLLABLE_BUS_ESTATE_CLAN} ya.\n\
         P01: {LOWER_CASE_DIARY} ya.\n\
         Peneliti: Terima kasih.\n"
    )
}

fn chat() -> String {
    format!(
        "02/03/26 21.01 - {SENDER}: nomor kamu masih {PHONE_OTHER_SPELLING} kan?\n\
         02/03/26 21.02 - P01: iya masih\n\
         02/03/26 21.03 - {SENDER}: oke, jumat ya\n\
         02/03/26 21.04 - P01: ketemu di {POINT_OTHER_SPELLING} aja\n"
    )
}

/// A study with a researcher and a custodian; P01 consented to interviews, chats and
/// profile content, P02 to interviews only.
fn study(sb: &Sandbox) -> (Member, Member, Member) {
    let owner = sb.study();
    let researcher = sb.add_member(&owner, "RA1", "researcher");
    let custodian = sb.add_member(&owner, "CUST", "custodian");
    sb.consenting(&owner, "P01", "interview,chat_content,profile_content");
    sb.consenting(&owner, "P02", "interview");
    (owner, researcher, custodian)
}

fn import(sb: &Sandbox, who: &Member, code: &str, file: &str, kind: &str) -> Value {
    let mut cmd = sb.as_member(&who.key);
    cmd.args(["import", code]).arg(sb.path(file)).args(["--kind", kind]);
    sb.json(cmd)
}

/// Imports "interview.txt" and then `file` as P01's items of `kind`, a command that
/// must fail cleanly (exit 1); its standard error.
fn failed_import_beside_interview(sb: &Sandbox, who: &Member, file: &str, kind: &str) -> String {
    assert_clean_failure(
        sb.as_member(&who.key)
            .args(["import", "P01"])
            .arg(sb.path("interview.txt"))
            .arg(sb.path(file))
            .args(["--kind", kind]),
        1,
    )
}

fn show(sb: &Sandbox, who: &Member, item: i64) -> String {
    stdout_of(sb, who, &["show", &item.to_string()])
}

/// What `fieldvault pseudonymise` previews of `file`, and what `show` prints of it
/// once imported as P01's item of `kind`: the two must replace alike.
fn preview_and_import(sb: &Sandbox, who: &Member, file: &str, kind: &str) -> [String; 2] {
    let preview = stdout_of(sb, who, &["pseudonymise", sb.path(file).to_str().unwrap()]);
    let id = import(sb, who, "P01", file, kind)[0]["id"].as_i64().unwrap();
    [preview, show(sb, who, id)]
}

/// The standard output of a command that must succeed.
fn stdout_of(sb: &Sandbox, who: &Member, args: &[&str]) -> String {
    let out = sb.as_member(&who.key).args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn import_pseudonymises_consistently_and_leaves_no_original_in_the_vault() {
    let sb = Sandbox::new();
    let (owner, researcher, custodian) = study(&sb);
    sb.write("interview.txt", &transcript());
    sb.write("Chat WhatsApp dengan Wulandari.txt", &chat());

    let imported = import(&sb, &researcher, "P01", "interview.txt", "transcript");
    let item = &imported[0];
    assert_eq!(item["participant"], "P01");
    assert_eq!(item["kind"], "transcript");
    assert_eq!(item["format"], "plain");
    assert_eq!(item["review_status"], "pending");
    assert!(item["replaced"].as_u64().unwrap() >= 3, "{item}");
    let chat_item = &import(&sb, &researcher, "P01", "Chat WhatsApp dengan Wulandari.txt", "chat")[0];
    assert_eq!(chat_item["format"], "whatsapp-txt");

    let text = show(&sb, &researcher, item["id"].as_i64().unwrap());
    let chat_text = show(&sb, &researcher, chat_item["id"].as_i64().unwrap());
    // `show --json`: the item's metadata, as `items list --json` gives it, and the
    // same text.
    let shown: Value = sb.json_as(&researcher.key, &["show", &item["id"].to_string()]);
    assert_eq!(shown["text"].as_str(), Some(text.as_str()));
    let listed: Value = sb.json_as(&researcher.key, &["items", "list"]);
    assert_eq!(shown["item"], listed[0], "{shown}");
    for original in [
        PHONE,
        EMAIL,
        NIK,
        "5520",
        OLD_USERNAME,
        "Nona",
        "Teras",
        "Kalsel",
        "BRI Cabang",
        "srikandimusi",
        "tjuh",
        "Kok",
        "PO ",
        "BTN",
        "hubungi Mei",
        "Riris",
        "Lumban Gaol",
        "euiss",
    ]
    .into_iter()
    .chain(LOWER_CASE_DIARY_CANARIES.iter().copied())
    {
        assert!(!text.contains(original), "{original} left in {text}");
    }
    assert!(text.contains("[PHONE_1]") && text.contains("[EMAIL_1]"), "{text}");
    assert!(text.contains("Peneliti: ") && text.contains("P01: "), "{text}");
    // The same number in another spelling, in another item, gets the same tag; so
    // does the same point on the map.
    assert!(chat_text.contains("[PHONE_1]"), "{chat_text}");
    assert!(text.contains("Kos saya di [PLACE_1], itu"), "{text}");
    assert!(chat_text.contains("ketemu di [PLACE_1] aja"), "{chat_text}");
    // A named sender is always replaced, and consistently within the chat.
    assert!(
        !chat_text.contains("Wulandari") && !chat_text.contains("Canarytest"),
        "{chat_text}"
    );
    let senders: Vec<&str> = chat_text
        .lines()
        .map(|l| l.split("] ").nth(1).unwrap().split(':').next().unwrap())
        .collect();
    assert!(senders[0].starts_with("[PERSON_"), "{chat_text}");
    assert_eq!(senders[0], senders[2], "{chat_text}");
    // A sender saved under a participant code is already pseudonymous: kept.
    assert_eq!(senders[1], "P01", "{chat_text}");

    // No original anywhere in the vault's files (database, WAL, keys), raw or not.
    for canary in [
        PHONE,
        "81273914482",
        EMAIL,
        NIK,
        "Canarytest",
        "Wulandari",
        "6.1751234",
        "49'37.6",
        "5520 sama 7731",
        "55207731",
        OLD_USERNAME,
        "si Nona,",
        ", Teras.",
        "Bank Kalsel",
        "Cabang Manado",
        "srikandimusi",
        "lpn lma tjuh",
        "Kok Liang",
        "Gunung Harta",
        "Lasinrang",
        "hubungi Mei",
        "Riris boru",
        "Lumban Gaol",
        "euiss",
    ]
    .into_iter()
    .chain(LOWER_CASE_DIARY_CANARIES.iter().copied())
    {
        assert_eq!(
            files_containing(&sb.vault(), canary),
            Vec::<std::path::PathBuf>::new(),
            "{canary}"
        );
    }

    // Custodians read the originals (logged); researchers cannot.
    let originals: Value = sb.json_as(&custodian.key, &["pseudonyms", "list"]);
    let listed = originals.as_array().unwrap();
    assert!(
        listed.iter().any(|o| o["tag"] == "[EMAIL_1]" && o["original"] == EMAIL),
        "{originals}"
    );
    assert!(
        listed
            .iter()
            .any(|o| o["tag"] == "[PHONE_1]" && o["original"] == "+6281273914482"),
        "{originals}"
    );
    let err = assert_clean_failure(sb.as_member(&researcher.key).args(["pseudonyms", "list"]), 3);
    assert!(!err.contains(EMAIL), "{err}");
    let log: Value = sb.json_as(&owner.key, &["audit", "log"]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"item.store") && actions.contains(&"item.show") && actions.contains(&"pseudonyms.list"));
}

#[test]
fn the_gate_refuses_and_a_failed_command_stores_nothing() {
    let sb = Sandbox::new();
    let (owner, researcher, _) = study(&sb);
    sb.write("chat.txt", &chat());
    sb.write("interview.txt", &transcript());
    let before = sb.fingerprint(&owner);

    // P02 did not consent to chats: refused with the gate's reason.
    let err = assert_clean_failure(
        sb.as_member(&researcher.key)
            .args(["import", "P02"])
            .arg(sb.path("chat.txt"))
            .args(["--kind", "chat"]),
        6,
    );
    assert!(err.contains("chat_content"), "{err}");

    // One good file and one that is not UTF-8: one transaction, nothing stored, and
    // the error names the file and the line.
    std::fs::write(sb.path("broken.txt"), b"Peneliti: halo\nP01: \xff\xfe rusak\n").unwrap();
    let err = assert_clean_failure(
        sb.as_member(&researcher.key)
            .args(["import", "P01"])
            .arg(sb.path("interview.txt"))
            .arg(sb.path("broken.txt"))
            .args(["--kind", "transcript"]),
        1,
    );
    assert!(err.contains("broken.txt:2"), "{err}");

    // A file with no text (empty, or blank lines only) makes no item, and the good
    // file beside it is not stored either.
    sb.write("empty.txt", "");
    sb.write("blank.txt", "  \n\n\t\n");
    for file in ["empty.txt", "blank.txt"] {
        let err = failed_import_beside_interview(&sb, &researcher, file, "transcript");
        assert!(err.contains(&format!("{file} holds no text to import")), "{err}");
    }
    assert_eq!(sb.fingerprint(&owner), before);
    let items: Value = sb.json_as(&researcher.key, &["items", "list"]);
    assert_eq!(items, serde_json::json!([]));

    // A WhatsApp export's file name names a person: messages never show it.
    sb.write("Chat WhatsApp dengan Sitinurbaya Canary.txt", &chat());
    let err = assert_clean_failure(
        sb.as_member(&researcher.key)
            .args(["import", "P01"])
            .arg(sb.path("Chat WhatsApp dengan Sitinurbaya Canary.txt"))
            .args(["--kind", "profile-image"]),
        1,
    );
    assert!(err.contains("file 1") && !err.contains("Sitinurbaya"), "{err}");

    // Nor when the name alone says what the file is: a file that is missing, one
    // whose text stops being UTF-8 before it could be recognised as an export, one
    // that is no format at all.
    let mut not_utf8 = chat().into_bytes();
    not_utf8.splice(20..20, [0xFF]);
    std::fs::write(sb.path("WhatsApp Chat with Sitinurbaya Canary.txt"), &not_utf8).unwrap();
    std::fs::write(sb.path("Chat WhatsApp - Sitinurbaya Canary.zip"), [0x01, 0x02, 0x03]).unwrap();
    // An iPhone export unzipped: the folder has the name, the chat is `_chat.txt`.
    std::fs::create_dir(sb.path("WhatsApp Chat - Sitinurbaya Canary")).unwrap();
    std::fs::write(sb.path("WhatsApp Chat - Sitinurbaya Canary/_chat.txt"), &not_utf8).unwrap();
    for (file, said) in [
        ("Chat WhatsApp dengan Sitinurbaya Canary (2).txt", "cannot open file 2"),
        ("WhatsApp Chat - Sitinurbaya Canary/gone.txt", "cannot open file 2"),
        ("Discussion WhatsApp avec Sitinurbaya Canary.txt", "cannot open file 2"),
        (
            "WhatsApp Chat - Sitinurbaya Canary/_chat.txt",
            "file 2 (a WhatsApp export; its name is withheld because it names a person):1: not valid UTF-8",
        ),
        (
            "WhatsApp Chat with Sitinurbaya Canary.txt",
            "file 2 (a WhatsApp export; its name is withheld because it names a person):1: not valid UTF-8",
        ),
        (
            "Chat WhatsApp - Sitinurbaya Canary.zip",
            "file 2 (a WhatsApp export; its name is withheld because it names a person): not a format",
        ),
    ] {
        let err = failed_import_beside_interview(&sb, &researcher, file, "chat");
        assert!(err.contains(said) && !err.contains("Sitinurbaya"), "{file}: {err}");
    }
    assert_eq!(sb.fingerprint(&owner), before);
}

#[test]
fn review_shows_adds_allows_and_approval_destroys_the_raw_original() {
    let sb = Sandbox::new();
    let (_, researcher, _) = study(&sb);
    // "Zuleykha" is in no lexicon and follows no cue: only review can catch it.
    sb.write(
        "interview.txt",
        "Peneliti: Siapa yang bantu?\nP01: Yang bantu itu Zuleykha, dia tinggal dekat Stasiun.\n",
    );
    let id = import(&sb, &researcher, "P01", "interview.txt", "transcript")[0]["id"]
        .as_i64()
        .unwrap();
    let review: Value = sb.json_as(&researcher.key, &["review", &id.to_string()]);
    let suspicious: Vec<&str> = review["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "suspicious")
        .filter_map(|f| f["text"].as_str())
        .collect();
    assert!(suspicious.contains(&"Zuleykha"), "{review}");

    let review: Value = sb.json_as(
        &researcher.key,
        &["review", &id.to_string(), "--add", "Zuleykha", "--category", "person"],
    );
    assert_eq!(review["reapplied"], serde_json::json!([id]));
    let text = show(&sb, &researcher, id);
    assert!(!text.contains("Zuleykha") && text.contains("[PERSON_"), "{text}");

    // The deny list applies to later imports too.
    sb.write("note.txt", "Catatan: Zuleykha datang lagi.\n");
    let later = import(&sb, &researcher, "P01", "note.txt", "field-note")[0]["id"]
        .as_i64()
        .unwrap();
    assert!(!show(&sb, &researcher, later).contains("Zuleykha"));

    let approved: Value = sb.json_as(&researcher.key, &["review", &id.to_string(), "--approve"]);
    assert_eq!(approved["item"]["review_status"], "approved");
    assert_eq!(approved["approved"], true);
    // The raw original is gone: nothing is left to review, and the lists no longer
    // change the approved item.
    let again: Value = sb.json_as(&researcher.key, &["review", &id.to_string()]);
    assert_eq!(again["findings"], serde_json::json!([]));
    let said = stdout_of(&sb, &researcher, &["review", &id.to_string()]);
    assert!(said.contains("Nothing to check: the item was approved"), "{said}");
    assert!(files_containing(&sb.vault(), "Zuleykha").is_empty());
}

/// A pending item keeps its raw original as the difference from its pseudonymised
/// text; each change of the lists renders it again from that original and rewrites
/// both. Two changes in a row show that the second read an original the first wrote.
#[test]
fn changed_lists_render_again_from_the_exact_original() {
    let sb = Sandbox::new();
    let (_, researcher, _) = study(&sb);
    sb.write(
        "chat.txt",
        concat!(
            "12/03/24 21.30 - Siti Aminah: Halo kak, WA aku di 0812-3456-7890 ya ☕\n",
            "baris kedua: Zuleykha ikut, café dekat Stasiun\n",
            "12/03/24 21.31 - P01: oke Mbak Rina, sampai nanti 👍\n",
            "12/03/24 21.32 - Siti Aminah: 0812 3456 7890 itu nomor Zuleykha juga\n",
        ),
    );
    let id = import(&sb, &researcher, "P01", "chat.txt", "chat")[0]["id"]
        .as_i64()
        .unwrap();
    let first = show(&sb, &researcher, id);
    assert!(
        first.contains("[PERSON_1]: Halo kak, WA aku di [PHONE_1] ya ☕\nbaris kedua: Zuleykha ikut, café")
            && first.contains("oke Mbak [PERSON_2], sampai"),
        "{first}"
    );
    let review: Value = sb.json_as(
        &researcher.key,
        &["review", &id.to_string(), "--add", "Zuleykha", "--category", "person"],
    );
    assert_eq!(review["reapplied"], serde_json::json!([id]));
    let second = show(&sb, &researcher, id);
    assert_eq!(second, first.replace("Zuleykha", "[PERSON_3]"));
    // Rina's name comes back from the original the change above rewrote.
    let review: Value = sb.json_as(&researcher.key, &["review", &id.to_string(), "--allow", "Rina"]);
    assert_eq!(review["reapplied"], serde_json::json!([id]));
    let third = show(&sb, &researcher, id);
    assert_eq!(third, second.replace("[PERSON_2]", "Rina"));
}

#[test]
fn a_name_introduced_with_a_cue_is_replaced_where_it_stands_bare_later() {
    let sb = Sandbox::new();
    let (_, researcher, _) = study(&sb);
    // "Ronggur" and "Sigiro" are in no lexicon: only the honorific finds them, once.
    sb.write(
        "interview.txt",
        concat!(
            "Peneliti: Siapa yang kenalkan kakak ke MiChat?\n",
            "P01: Dulu saya dikenalkan sama Bang Ronggur Sigiro di Medan.\n",
            "Peneliti: Terus?\n",
            "P01: Ronggur itu keras. Kalau ronggur marah saya takut, keluarga Sigiro juga.\n",
        ),
    );
    let preview = stdout_of(
        &sb,
        &researcher,
        &["pseudonymise", sb.path("interview.txt").to_str().unwrap()],
    );
    let id = import(&sb, &researcher, "P01", "interview.txt", "transcript")[0]["id"]
        .as_i64()
        .unwrap();
    let shown = show(&sb, &researcher, id);
    for text in [&preview, &shown] {
        let lower = text.to_lowercase();
        assert!(!lower.contains("ronggur") && !lower.contains("sigiro"), "{text}");
        assert!(text.contains("Kalau [PERSON_"), "{text}");
    }
    // Rendered again for a change of the lists, the item finds the same.
    let review: Value = sb.json_as(&researcher.key, &["review", &id.to_string(), "--allow", "Medan"]);
    assert_eq!(review["reapplied"], serde_json::json!([id]));
    let again = show(&sb, &researcher, id);
    assert_eq!(again, shown.replace("[PLACE_1]", "Medan"), "{again}");
    // Nor is the name in clear in any file of the vault, in either case.
    for canary in ["Ronggur", "ronggur", "Sigiro"] {
        assert!(files_containing(&sb.vault(), canary).is_empty(), "{canary}");
    }
}

#[test]
fn images_lose_their_metadata_before_storage() {
    let sb = Sandbox::new();
    let (_, researcher, _) = study(&sb);
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/profile-P01.jpg"),
        sb.path("profile.jpg"),
    )
    .unwrap();
    let original = std::fs::read(sb.path("profile.jpg")).unwrap();
    assert!(common::contains(&original, b"CANARY-EXIF-ARTIST-7731"));
    assert!(common::contains(&original, b"CANARY-JPEG-COMMENT-5521"));

    let item = &import(&sb, &researcher, "P01", "profile.jpg", "profile-image")[0];
    assert_eq!(item["format"], "jpeg");
    let removed: Vec<&str> = item["metadata_removed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(!removed.is_empty(), "{item}");

    let out = sb.path("out.jpg");
    let mut cmd = sb.as_member(&researcher.key);
    cmd.args(["show", &item["id"].to_string(), "-o"]).arg(&out);
    let written: Value = sb.json(cmd);
    assert_eq!(written["output"].as_str(), out.to_str());
    assert_eq!(written["item"]["id"], item["id"]);
    let stored = std::fs::read(&out).unwrap();
    assert!(stored.starts_with(&[0xFF, 0xD8]), "still a JPEG");
    for marker in [
        &b"Exif\0\0"[..],
        b"CANARY-EXIF-ARTIST-7731",
        b"CANARY-JPEG-COMMENT-5521",
        b"SampleCam",
    ] {
        assert!(
            !common::contains(&stored, marker),
            "{}",
            String::from_utf8_lossy(marker)
        );
    }
    for canary in ["CANARY-EXIF-ARTIST-7731", "CANARY-JPEG-COMMENT-5521"] {
        assert!(files_containing(&sb.vault(), canary).is_empty(), "{canary}");
    }
    // An image is not text: review says so, and `show` refuses to print it to the
    // terminal.
    let said = stdout_of(&sb, &researcher, &["review", &item["id"].to_string()]);
    assert!(
        said.contains("No text to check here: the item is profile-image (jpeg)"),
        "{said}"
    );
    assert_clean_failure(sb.as_member(&researcher.key).args(["show", &item["id"].to_string()]), 1);
}

/// The docs show `fieldvault pseudonymise` on the bundled samples as a real session:
/// each such command in a console block prints, run in `examples/samples`, exactly
/// the lines the guide shows after it.
#[test]
fn the_guides_preview_is_what_the_binary_prints() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    let mut pages: Vec<_> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.push(root.join("README.md"));
    for page in pages {
        let guide = page.strip_prefix(root).unwrap().display();
        let text = std::fs::read_to_string(&page).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(args) = line.strip_prefix("$ fieldvault pseudonymise ") else {
                continue;
            };
            let shown: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|l| !l.starts_with("$ ") && !l.starts_with("```"))
                .copied()
                .collect();
            let out = Sandbox::new()
                .cmd()
                .current_dir(root.join("examples/samples"))
                .arg("pseudonymise")
                .args(args.split_whitespace())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{guide}:{}: {}",
                i + 1,
                String::from_utf8_lossy(&out.stderr)
            );
            let printed = String::from_utf8(out.stdout).unwrap();
            assert_eq!(printed.lines().collect::<Vec<_>>(), shown, "{guide}:{}", i + 1);
            checked += 1;
        }
    }
    assert!(
        checked > 0,
        "no `$ fieldvault pseudonymise` session found in the guides"
    );
}

#[test]
fn output_to_a_pipe_closed_early_ends_quietly() {
    // `fieldvault pseudonymise FILE | head` : the reader goes away after one line.
    let sb = Sandbox::new();
    let line = "Kak Ayu bilang hubungi aku besok ya, jangan lupa bawa payung\n";
    sb.write("long.txt", &line.repeat(20_000));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fieldvault"))
        .arg("pseudonymise")
        .arg(sb.path("long.txt"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    // Killed by SIGPIPE, as `cat` is, not a panic's exit code.
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&out.status),
        Some(libc::SIGPIPE)
    );
}

/// The preview of a WhatsApp export replaces every sender as an import does (a name in
/// no lexicon too), keeps a participant's code, and finds a sender's name in messages.
#[test]
fn pseudonymise_previews_a_chat_export_with_its_senders_replaced() {
    let sb = Sandbox::new();
    sb.write(
        "chat.txt",
        "[02/06/24 22.15.40] Zelkowi Tan: sido rek\n\
         [02/06/24 22.16.02] P01: iyo, ati2\n\
         [05/06/24 09.12.30] Ronggur S: zelkowi wes budhal\n",
    );
    let out: Value = sb.json({
        let mut cmd = sb.cmd();
        cmd.arg("pseudonymise").arg(sb.path("chat.txt"));
        cmd
    });
    let text = out["text"].as_str().unwrap();
    assert!(
        !text.to_lowercase().contains("zelkowi") && !text.contains("Ronggur"),
        "{text}"
    );
    assert!(text.contains("] P01: iyo"), "{text}");
    assert!(text.contains("] [PERSON_1]: sido rek"), "{text}");
}

/// A contact saved as a number the line's date holds too ("24", of 2024): the preview
/// replaces the sender, and leaves the date as it is.
#[test]
fn the_preview_replaces_a_sender_named_like_the_lines_year() {
    let sb = Sandbox::new();
    sb.write("chat.txt", "12/02/24 19.05 - 24: oke\n12/02/24 19.06 - Rina: sip\n");
    let out: Value = sb.json({
        let mut cmd = sb.cmd();
        cmd.arg("pseudonymise").arg(sb.path("chat.txt"));
        cmd
    });
    let text = out["text"].as_str().unwrap();
    assert!(text.starts_with("12/02/24 19.05 - [PERSON_1]: oke\n"), "{text}");
}

/// The contacts a group's notices name are replaced as the senders they are, in the
/// import and the preview alike, whatever words their names hold ("Baru" is "new").
#[test]
fn the_contacts_in_a_groups_notices_get_their_senders_tags() {
    let sb = Sandbox::new();
    let (_, researcher, _) = study(&sb);
    sb.write(
        "chat.txt",
        "12/02/24 19.02 - Rosa Qoutreach 🌷 menambahkan Sasa Baru 🌷 dan Zelkowi Tan\n\
         12/02/24 19.05 - Sasa Baru 🌷: makasih kak Rosa\n\
         12/02/24 19.06 - P01: halo semua\n\
         12/02/24 19.07 - Rosa Qoutreach 🌷: sama2\n\
         13/02/24 08.00 - Zelkowi Tan keluar\n",
    );
    let [preview, shown] = preview_and_import(&sb, &researcher, "chat.txt", "chat");
    for text in [&preview, &shown] {
        for name in ["Qoutreach", "Baru", "Zelkowi"] {
            assert!(!text.contains(name), "{name} in {text}");
        }
        // The person tags on the line holding `what`, in order.
        let tags = |what: &str| -> Vec<String> {
            let line = text
                .lines()
                .find(|l| l.contains(what))
                .unwrap_or_else(|| panic!("{what} in {text}"));
            line.match_indices("[PERSON_")
                .map(|(i, _)| line[i..i + line[i..].find(']').unwrap() + 1].to_owned())
                .collect()
        };
        let notice = tags(" menambahkan ");
        assert_eq!(notice.len(), 3, "{text}");
        assert_eq!(notice[0], tags(": sama2")[0], "{text}");
        assert_eq!(notice[1], tags(": makasih")[0], "{text}");
        assert_eq!(tags(" keluar"), [notice[2].clone()], "{text}");
    }
    for canary in ["Qoutreach", "Zelkowi"] {
        assert!(files_containing(&sb.vault(), canary).is_empty(), "{canary}");
    }
}

/// A chat copied from an app writes the time after the sender ("Galuh Zelkowi 20.53:
/// …"): the sender keeps one tag over all their messages, in the import and the preview.
#[test]
fn a_senders_tag_does_not_change_with_the_time_in_the_label() {
    let sb = Sandbox::new();
    let (_, researcher, _) = study(&sb);
    sb.write(
        "copied.txt",
        "Bang Qoutreach 20.51: malam\n\
         Galuh Zelkowi 20.53: malam bang\n\
         Galuh Zelkowi 20.54: ok\n\
         Bang Qoutreach 20.55: sip\n",
    );
    let [preview, shown] = preview_and_import(&sb, &researcher, "copied.txt", "transcript");
    for text in [&preview, &shown] {
        assert!(!text.contains("Zelkowi") && !text.contains("Qoutreach"), "{text}");
        assert_eq!(text.matches("[PERSON_1]").count(), 2, "{text}");
        assert_eq!(text.matches("[PERSON_2]").count(), 2, "{text}");
        assert!(!text.contains("[PERSON_3]"), "{text}");
    }
}

/// A chat pasted from a phone of another locale ("[3/28/24, 9:41:07 PM] …" in a
/// day-first export) is read as messages: its sender, a name in no lexicon, is replaced
/// in the import and the preview alike.
#[test]
fn a_chat_pasted_from_another_locale_has_its_senders_replaced() {
    let sb = Sandbox::new();
    let (_, researcher, _) = study(&sb);
    sb.write(
        "chat.txt",
        "[15/04/24 10.03.05] P01: Diteruskan\n\
         [3/28/24, 9:41:07 PM] Zelkowi R.: hi, I am in town again next week\n\
         [3/28/24, 9:42:30 PM] Zelkowi R.: can u come tuesday night?\n\
         [15/04/24 10.05.33] P01: itu tamunya mbak\n",
    );
    let [preview, shown] = preview_and_import(&sb, &researcher, "chat.txt", "chat");
    for text in [&preview, &shown] {
        assert!(!text.contains("Zelkowi"), "{text}");
        assert_eq!(text.matches("[PERSON_1]").count(), 2, "{text}");
    }
    assert!(files_containing(&sb.vault(), "Zelkowi").is_empty());
}

/// The preview of a transcript replaces a speaker named in a label as an import does,
/// a name in no lexicon too, and finds the name where the others call it; a role and
/// a profile's key are no speakers.
#[test]
fn pseudonymise_previews_a_transcript_with_its_speakers_replaced() {
    let sb = Sandbox::new();
    sb.write(
        "interview.txt",
        "[00:08:09] Zelkowi: Tabe, Kae.\n\
         [00:08:15] Peneliti: Ini siapa?\n\
         [00:08:20] P07: Ini Zelkowi, ojek langganan.\n\
         ID MiChat: ada\n",
    );
    let out: Value = sb.json({
        let mut cmd = sb.cmd();
        cmd.arg("pseudonymise").arg(sb.path("interview.txt"));
        cmd
    });
    let text = out["text"].as_str().unwrap();
    assert!(!text.contains("Zelkowi"), "{text}");
    assert!(text.starts_with("[00:08:09] [PERSON_1]: Tabe"), "{text}");
    assert!(
        text.contains("] Peneliti: Ini siapa?") && text.contains("] P07: Ini [PERSON_1],"),
        "{text}"
    );
    assert!(text.contains("ID MiChat: ada"), "{text}");
}

/// A WebVTT cue's voice tag names its speaker as a label does: the preview replaces
/// the name in the tag and where the cues use it, but not a research role's.
#[test]
fn pseudonymise_previews_a_webvtt_files_voices_replaced() {
    let sb = Sandbox::new();
    sb.write(
        "focus-group.vtt",
        "WEBVTT\n\n1\n00:00:39.800 --> 00:00:46.100\n<v Zelkowi>Zelkowi. Dari Siantar.\n\n\
         2\n00:00:47.000 --> 00:00:50.000\n<v P07>Iya zelkowi, kau tau.\n",
    );
    let out: Value = sb.json({
        let mut cmd = sb.cmd();
        cmd.arg("pseudonymise").arg(sb.path("focus-group.vtt"));
        cmd
    });
    let text = out["text"].as_str().unwrap();
    assert!(!text.to_lowercase().contains("zelkowi"), "{text}");
    assert!(text.contains("<v [PERSON_1]>[PERSON_1]. Dari"), "{text}");
    assert!(text.contains("<v P07>Iya [PERSON_1], kau tau."), "{text}");
}

#[test]
fn pseudonymise_previews_with_character_offsets() {
    let sb = Sandbox::new();
    let input = "😀 Kak Ayu bilang: hubungi 0812 3456 7890 atau é-mail ayu.rahma@example.com 🙏 Zuleykha juga\n";
    sb.write("in.txt", input);
    sb.write("known.txt", "Ayu Rahmawati\n");
    let out: Value = sb.json({
        let mut cmd = sb.cmd();
        cmd.arg("pseudonymise")
            .arg(sb.path("in.txt"))
            .arg("--known")
            .arg(sb.path("known.txt"));
        cmd
    });
    let chars: Vec<char> = input.chars().collect();
    let spans = out["spans"].as_array().unwrap();
    let covered = |needle: &str| {
        spans.iter().any(|s| {
            let (start, end) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            chars[start..end].iter().collect::<String>().contains(needle)
        })
    };
    assert!(
        covered("0812 3456 7890") && covered("ayu.rahma@example.com") && covered("Ayu"),
        "{out}"
    );
    // What review would ask about, in character offsets too: a capitalised word in no
    // lexicon that no detector claimed.
    let flagged: Vec<String> = out["suspicious"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (start, end) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            chars[start..end].iter().collect()
        })
        .collect();
    assert_eq!(flagged, ["Zuleykha"], "{out}");
    let text = out["text"].as_str().unwrap();
    assert!(text.starts_with("😀") && text.ends_with("🙏 Zuleykha juga\n"), "{text}");
    assert!(!text.contains("7890") && !text.contains("example.com"), "{text}");

    // A file that is not UTF-8 is named with its line.
    std::fs::write(sb.path("bad.txt"), b"baris satu\nbaris \xff dua\n").unwrap();
    let err = assert_clean_failure(sb.cmd().arg("pseudonymise").arg(sb.path("bad.txt")), 1);
    assert!(err.contains("bad.txt:2"), "{err}");
    // Unless its name is a WhatsApp export's, which names the contact.
    let export = "WhatsApp Chat with Sitinurbaya Canary.txt";
    std::fs::write(sb.path(export), b"baris satu\nbaris \xff dua\n").unwrap();
    let err = assert_clean_failure(sb.cmd().arg("pseudonymise").arg(sb.path(export)), 1);
    assert!(
        err.contains("file 1 (a WhatsApp export") && err.contains(":2") && !err.contains("Sitinurbaya"),
        "{err}"
    );
}

/// Several files are previewed as one import reads them: tags numbered across the
/// files, the names and places one file showed found in the files after it, each
/// file's text after its name (a WhatsApp export's withheld), and with --json an array
/// of the one-file objects. A bad file anywhere fails the command before it prints.
#[test]
fn pseudonymise_previews_several_files_as_one_import_reads_them() {
    let sb = Sandbox::new();
    sb.write(
        "interview.txt",
        "P01: Saya pindah ke Zelkapura, dikenalkan Bang Ronggur.\n",
    );
    let export = "WhatsApp Chat with Sitinurbaya Canary.txt";
    sb.write(export, "kalau zelkapura rame ronggur datang, wa 0812 3456 7890\n");
    let paths = [sb.path("interview.txt"), sb.path(export)];
    let out = sb.cmd().arg("pseudonymise").args(&paths).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        text,
        format!(
            "==> {} <==\nP01: Saya pindah ke [PLACE_1], dikenalkan Bang [PERSON_1].\n\n\
             ==> file 2 (a WhatsApp export; its name is withheld because it names a person) <==\n\
             kalau [PLACE_1] rame [PERSON_1] datang, wa [PHONE_1]\n",
            paths[0].display()
        )
    );
    let objects: Vec<Value> = sb.json({
        let mut cmd = sb.cmd();
        cmd.arg("pseudonymise").args(&paths);
        cmd
    });
    let texts: Vec<&str> = objects.iter().map(|o| o["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "P01: Saya pindah ke [PLACE_1], dikenalkan Bang [PERSON_1].\n",
            "kalau [PLACE_1] rame [PERSON_1] datang, wa [PHONE_1]\n"
        ]
    );
    // "zelkapura" at characters 6..15 of the second file.
    assert_eq!(objects[1]["spans"][0]["start"], 6, "{objects:?}");
    assert_eq!(objects[1]["spans"][0]["end"], 15, "{objects:?}");
    // Read alone, the second file teaches nothing and so finds neither word.
    let alone = sb.cmd().arg("pseudonymise").arg(&paths[1]).assert().success();
    let alone = String::from_utf8(alone.get_output().stdout.clone()).unwrap();
    assert_eq!(alone, "kalau zelkapura rame ronggur datang, wa [PHONE_1]\n");
    std::fs::write(sb.path("bad.txt"), b"baris satu\nbaris \xff dua\n").unwrap();
    let mut cmd = sb.cmd();
    cmd.arg("pseudonymise").args(&paths).arg(sb.path("bad.txt"));
    let err = assert_clean_failure(&mut cmd, 1);
    assert!(err.contains("bad.txt:2"), "{err}");
    assert!(cmd.output().unwrap().stdout.is_empty());
}

#[test]
fn the_auditor_reads_no_imported_item_and_no_pseudonym_original() {
    let sb = Sandbox::new();
    let (owner, researcher, _) = study(&sb);
    let auditor = sb.add_member(&owner, "KEPK", "auditor");
    sb.write("interview.txt", &transcript());
    sb.write("chat.txt", &chat());
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/profile-P01.jpg"),
        sb.path("profile.jpg"),
    )
    .unwrap();
    import(&sb, &researcher, "P01", "interview.txt", "transcript");
    import(&sb, &researcher, "P01", "chat.txt", "chat");
    import(&sb, &researcher, "P01", "profile.jpg", "profile-image");

    // In the vault: every command that decrypts an item or the pseudonym table refuses
    // the auditor, who holds none of the vault's keys.
    for args in [
        &["show", "1"][..],
        &["show", "2"],
        &["show", "3"],
        &["review", "1"],
        &["pseudonyms", "list"],
        &["items", "list"],
    ] {
        let err = assert_clean_failure(sb.as_member(&auditor.key).args(args), 3);
        for original in [PHONE, EMAIL, NIK, SENDER] {
            assert!(!err.contains(original), "{args:?}: {err}");
        }
    }

    // In the bundle: metadata only. No original, no pseudonymised text, no image.
    let bundle = sb.path("bundle.age");
    sb.as_member(&owner.key)
        .args(["audit", "bundle", "--to", &auditor.recipient, "-o"])
        .arg(&bundle)
        .assert()
        .success();
    let identity = fieldvault::identity::Identity::load(&auditor.key, &Default::default()).unwrap();
    let plain = identity.decrypt(&std::fs::read(&bundle).unwrap()).unwrap().unwrap();
    for needle in [
        PHONE,
        "+6281273914482",
        EMAIL,
        NIK,
        "Canarytest",
        "[PHONE_1]",
        "Boleh cerita",
        "CANARY-JPEG-COMMENT-5521",
    ] {
        assert!(!common::contains(&plain, needle.as_bytes()), "{needle} in the bundle");
    }
    assert!(
        !common::contains(&plain, &[0xFF, 0xD8, 0xFF]),
        "JPEG data in the bundle"
    );
    let parsed: Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(parsed["items"].as_array().unwrap().len(), 3);
    assert_eq!(parsed["items"][0]["review_status"], "pending");
}

/// The study with the sample transcript imported by the researcher: owner,
/// researcher and the item's id.
fn one_transcript(sb: &Sandbox) -> (Member, Member, i64) {
    let (owner, researcher, _custodian) = study(sb);
    sb.write("interview.txt", &transcript());
    let item = import(sb, &researcher, "P01", "interview.txt", "transcript")[0]["id"]
        .as_i64()
        .unwrap();
    (owner, researcher, item)
}

#[test]
fn list_changes_report_what_they_rewrote_as_json() {
    let sb = Sandbox::new();
    let (_owner, researcher, item) = one_transcript(&sb);

    let denied: Value = sb.json_as(
        &researcher.key,
        &["pseudonyms", "add", "Kenanga Sulastri", "--category", "person"],
    );
    assert_eq!(denied["denied"], 1, "{denied}");
    assert_eq!(denied["allowed"], 0, "{denied}");
    assert_eq!(denied["rewritten_items"], serde_json::json!([item]), "{denied}");
    // Nothing new the second time: no entry added, but pending items are still rendered again.
    let again: Value = sb.json_as(
        &researcher.key,
        &["pseudonyms", "add", "Kenanga Sulastri", "--category", "person"],
    );
    assert_eq!(again["denied"], 0, "{again}");

    let allowed: Value = sb.json_as(&researcher.key, &["pseudonyms", "allow", "Melati", "Mawar"]);
    assert_eq!(allowed["allowed"], 2, "{allowed}");
    assert_eq!(allowed["denied"], 0, "{allowed}");
}

#[test]
fn a_chunk_whose_encoding_was_changed_does_not_open() {
    let sb = Sandbox::new();
    let (owner, researcher, item) = one_transcript(&sb);
    assert!(show(&sb, &researcher, item).contains("[PHONE_1]"));
    {
        // Someone with the database key marks the compressed chunk as plain.
        let identity = fieldvault::identity::Identity::load(&owner.key, &Default::default()).unwrap();
        let session = fieldvault::vault::Session::unlock(&sb.vault(), &identity).unwrap();
        let changed = session
            .conn()
            .execute(
                "UPDATE item_chunks SET encoding = 'plain' WHERE item_id = ?1 AND encoding = 'lz4'",
                [item],
            )
            .unwrap();
        assert_eq!(changed, 1, "a text item's chunk is stored compressed");
    }
    let err = assert_clean_failure(sb.as_member(&researcher.key).args(["show", &item.to_string()]), 4);
    assert!(err.contains("does not decrypt"), "{err}");
}

/// What one item taught its study, names and places that no lexicon holds, is found
/// in the study's later items in any case: in the next file of the same command, in a
/// later command, under the same tags. An allowed word is no lesson, the vault keeps
/// only keyed hashes of the words, and a lesson outlives the withdrawal of the items
/// that taught it, as a registered name does.
#[test]
fn what_one_item_taught_is_found_in_the_studys_later_items() {
    let sb = Sandbox::new();
    let (owner, researcher, _) = study(&sb);
    // "Zelkapura" and "Ronggur" are in no lexicon: the cues find them, once.
    sb.write(
        "interview.txt",
        "P01: Saya pindah ke Zelkapura, dikenalkan Bang Ronggur.\n",
    );
    sb.write("diary-1.txt", "P01: kalau zelkapura rame ronggur datang\n");
    sb.write("diary-2.txt", "P01: ronggur pulang ke zelkapura\n");
    let mut cmd = sb.as_member(&researcher.key);
    cmd.args(["import", "P01"])
        .arg(sb.path("interview.txt"))
        .arg(sb.path("diary-1.txt"))
        .args(["--kind", "transcript"]);
    let first: Value = sb.json(cmd);
    let ids: Vec<i64> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        show(&sb, &researcher, ids[0]),
        "P01: Saya pindah ke [PLACE_1], dikenalkan Bang [PERSON_1].\n"
    );
    assert_eq!(
        show(&sb, &researcher, ids[1]),
        "P01: kalau [PLACE_1] rame [PERSON_1] datang\n"
    );
    // A later command, for a participant who is not the one who named them.
    let later = import(&sb, &researcher, "P02", "diary-2.txt", "transcript")[0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(show(&sb, &researcher, later), "P01: [PERSON_1] pulang ke [PLACE_1]\n");
    for canary in ["Zelkapura", "zelkapura", "Ronggur", "ronggur"] {
        assert!(files_containing(&sb.vault(), canary).is_empty(), "{canary}");
    }
    // A reviewer overrules a lesson with the allow list: the pending item renders again.
    let review: Value = sb.json_as(&researcher.key, &["review", &later.to_string(), "--allow", "Zelkapura"]);
    assert!(
        review["reapplied"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(later)),
        "{review}"
    );
    assert_eq!(show(&sb, &researcher, later), "P01: [PERSON_1] pulang ke zelkapura\n");
    // P01 withdraws the interviews: the items that taught "Ronggur" go, and the man
    // she named stays replaced in P02's.
    sb.withdraw_scopes(&owner, "P01", "interview", "no interviews");
    assert_clean_failure(sb.as_member(&researcher.key).args(["show", &ids[0].to_string()]), 1);
    let after = import(&sb, &researcher, "P02", "diary-2.txt", "transcript")[0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(show(&sb, &researcher, after), "P01: [PERSON_1] pulang ke zelkapura\n");
}

/// The files of one command share one reading thread: each item must hold its own
/// file's text, whole and in order, however the files fall into batches (a file of
/// one line, files of several hundred, a file between them with a phone number that
/// the others share).
#[test]
fn the_files_of_one_command_each_become_their_own_item() {
    let sb = Sandbox::new();
    let (_owner, researcher, _custodian) = study(&sb);
    let turns = |file: usize, n: usize| -> String {
        (1..=n)
            .map(|turn| format!("P01: berkas {file} giliran {turn} selesai\n"))
            .collect()
    };
    let files = [turns(1, 300), turns(2, 1), transcript(), turns(4, 129)];
    let mut cmd = sb.as_member(&researcher.key);
    cmd.args(["import", "P01"]);
    for (i, text) in files.iter().enumerate() {
        sb.write(&format!("f{i}.txt"), text);
        cmd.arg(sb.path(&format!("f{i}.txt")));
    }
    cmd.args(["--kind", "transcript"]);
    let imported: Value = sb.json(cmd);
    let imported = imported.as_array().expect("one entry per file");
    assert_eq!(imported.len(), files.len(), "{imported:?}");
    let segments: Vec<u64> = imported.iter().map(|i| i["segments"].as_u64().unwrap()).collect();
    // One segment a turn, and every line of `transcript()` is one.
    let turns_in_transcript = files[2].lines().count() as u64;
    assert_eq!(segments, [300, 1, turns_in_transcript, 129]);
    let ids: Vec<i64> = imported.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    for (file, &id) in [1, 2, 4].iter().zip([&ids[0], &ids[1], &ids[3]]) {
        let shown = show(&sb, &researcher, id);
        let text = &files[file - 1];
        assert_eq!(shown.lines().count(), text.lines().count(), "item {id}");
        for (got, want) in shown.lines().zip(text.lines()) {
            assert!(
                got.contains(want.trim_start_matches("P01: ")),
                "item {id}: {got:?} for {want:?}"
            );
        }
    }
    let third = show(&sb, &researcher, ids[2]);
    assert!(third.contains("[PHONE_1]") && !third.contains(PHONE), "{third}");
    assert!(!third.contains("berkas"), "{third}");
}

/// A WhatsApp .zip export goes through the binary as the .txt export does, in the
/// same command: the same messages render the same, the media files in the archive
/// are counted and not stored, and neither the sender nor the number reaches the
/// vault's files.
#[test]
fn a_whatsapp_zip_export_imports_as_its_txt_does() {
    use std::io::Write as _;

    let sb = Sandbox::new();
    let (_owner, researcher, _custodian) = study(&sb);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in [
        ("WhatsApp Chat with Wulandari Canarytest.txt", chat().into_bytes()),
        ("IMG-20260302-WA0001.jpg", b"\xFF\xD8\xFF\xE0 a photo".to_vec()),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(&data).unwrap();
    }
    std::fs::write(sb.path("export.zip"), zip.finish().unwrap().into_inner()).unwrap();
    sb.write("export.txt", &chat());
    let mut cmd = sb.as_member(&researcher.key);
    cmd.args(["import", "P01"])
        .arg(sb.path("export.zip"))
        .arg(sb.path("export.txt"))
        .args(["--kind", "chat"]);
    let imported: Value = sb.json(cmd);
    let (zipped, plain) = (&imported[0], &imported[1]);
    assert_eq!(zipped["format"], "whatsapp-zip", "{imported}");
    assert_eq!(plain["format"], "whatsapp-txt", "{imported}");
    assert_eq!(zipped["media_skipped"], 1, "{imported}");
    assert_eq!(plain["media_skipped"], 0, "{imported}");
    assert_eq!(zipped["segments"], 4, "{imported}");
    assert_eq!(zipped["replaced"], plain["replaced"], "{imported}");

    let from_zip = show(&sb, &researcher, zipped["id"].as_i64().unwrap());
    assert_eq!(from_zip, show(&sb, &researcher, plain["id"].as_i64().unwrap()));
    assert!(
        from_zip.contains("[PHONE_1]") && !from_zip.contains("Wulandari"),
        "{from_zip}"
    );
    for canary in [PHONE_OTHER_SPELLING, "Canarytest", "Wulandari", "a photo"] {
        assert_eq!(
            files_containing(&sb.vault(), canary),
            Vec::<std::path::PathBuf>::new(),
            "{canary}"
        );
    }
}

//! Raw email bytes → the parsed message and its attachments, as the pipeline reads each message
//! before extraction (`freightdesk::mime::parse_message`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = freightdesk::mime::parse_message(data) {
        // Touch what the pipeline reads next.
        for a in &m.attachments {
            let _ = freightdesk::extract::is_pdf(&a.bytes);
        }
    }
});

//! Text shared by every stage: the clean-up of what is read ([`clean`]) and the Vietnamese
//! way of writing numbers and dates ([`vn`]).

mod clean;
mod vn;

pub use clean::{
    clean, clean_owned, has_name_key, header_key, is_xml_char, lower_in_place, name_key, nfc, slug,
    unique_slugs,
};
pub use vn::{BLANK, vn, vn_date_short, vn_date_words, vn_fixed, vn_points};

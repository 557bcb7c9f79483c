//! Values and sets by row id, as the dashboards count them: ids are SQLite row ids, which
//! count up from 1, so a value is mostly reached by its id as an index, never by a hash
//! per promotion.

use std::{
    collections::HashMap,
    hash::{BuildHasherDefault, Hasher},
};

/// A map keyed by row ids, hashed by one multiplication (ids are not chosen by anyone).
pub type IdMap<V> = HashMap<i64, V, BuildHasherDefault<IdHasher>>;

impl<T> FromIterator<(i64, T)> for IdTable<T> {
    fn from_iter<I: IntoIterator<Item = (i64, T)>>(items: I) -> Self {
        let mut table = Self::default();
        for (id, value) in items {
            table.insert(id, value);
        }
        table
    }
}

/// Values by row id: a slot per id while the ids stay dense (row ids count up from 1, so
/// a value is reached by its id without hashing), a map for the ids far beyond the others.
#[derive(Debug, Clone)]
pub struct IdTable<T> {
    slots: Vec<Option<T>>,
    others: IdMap<T>,
    len: usize,
}

impl<T> Default for IdTable<T> {
    fn default() -> Self {
        Self { slots: Vec::new(), others: IdMap::default(), len: 0 }
    }
}

impl<T> IdTable<T> {
    /// A table with a slot for every id up to `bound` (another table's `bound`): the
    /// values then never go through the map, whatever the order they come in.
    pub fn up_to(bound: usize) -> Self {
        let mut slots = Vec::new();
        slots.resize_with(bound.min(Self::MAX_SLOTS), || None);
        Self { slots, others: IdMap::default(), len: 0 }
    }

    /// Where the slots end: every id below it that has a value has a slot.
    pub fn bound(&self) -> usize {
        self.slots.len()
    }

    /// Slots made up front at most (`up_to`): 16 million.
    const MAX_SLOTS: usize = 1 << 24;

    /// The slot of `id`, made when the slots may grow to it: up to twice the values held
    /// and a few thousand more, so that slots never outnumber values by much. The values
    /// the map held for ids the slots now reach move to their slots: an id below the
    /// slots' end is never in the map.
    fn slot(&mut self, id: i64) -> Option<&mut Option<T>> {
        let i = usize::try_from(id).ok()?;
        if i >= self.slots.len() {
            let limit = 2 * self.len + 4096;
            if i > limit {
                return None;
            }
            // In steps that at least double, so that the map is looked through a few times
            // only when ids come in no order.
            let end = (i + 1).max(self.slots.len() * 2).min(limit + 1);
            self.slots.resize_with(end, || None);
            if !self.others.is_empty() {
                let reached: Vec<i64> = self.others.keys().copied().filter(|id| (0..end as i64).contains(id)).collect();
                for id in reached {
                    if let Some(value) = self.others.remove(&id) {
                        self.slots[id as usize] = Some(value);
                    }
                }
            }
        }
        self.slots.get_mut(i)
    }

    /// The slot `id` has, if the slots reach it (then it is not in the map).
    #[inline]
    fn slot_index(&self, id: i64) -> Option<usize> {
        usize::try_from(id).ok().filter(|i| *i < self.slots.len())
    }

    pub fn insert(&mut self, id: i64, value: T) {
        let old = match self.slot(id) {
            Some(slot) => slot.replace(value),
            None => self.others.insert(id, value),
        };
        self.len += usize::from(old.is_none());
    }

    #[inline]
    pub fn get(&self, id: i64) -> Option<&T> {
        match self.slot_index(id) {
            Some(i) => self.slots[i].as_ref(),
            None if self.others.is_empty() => None,
            None => self.others.get(&id),
        }
    }

    #[inline]
    pub fn get_mut(&mut self, id: i64) -> Option<&mut T> {
        match self.slot_index(id) {
            Some(i) => self.slots[i].as_mut(),
            None => self.others.get_mut(&id),
        }
    }

    /// The value of `id`, made with `T::default()` when it has none.
    #[inline]
    pub fn entry(&mut self, id: i64) -> &mut T
    where
        T: Default,
    {
        if let Some(i) = self.slot_index(id) {
            let len = &mut self.len;
            return self.slots[i].get_or_insert_with(|| {
                *len += 1;
                T::default()
            });
        }
        if !self.others.contains_key(&id) {
            // The slots may grow to it.
            self.insert(id, T::default());
        }
        match self.slot_index(id) {
            Some(i) => self.slots[i].get_or_insert_with(T::default),
            None => self.others.entry(id).or_default(),
        }
    }

    #[inline]
    pub fn contains(&self, id: i64) -> bool {
        self.get(id).is_some()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    pub fn iter(&self) -> impl Iterator<Item = (i64, &T)> + '_ {
        let slots = self.slots.iter().enumerate().filter_map(|(i, v)| Some((i as i64, v.as_ref()?)));
        slots.chain(self.others.iter().map(|(id, v)| (*id, v)))
    }

    pub fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.iter().map(|(_, v)| v)
    }

    pub fn into_entries(self) -> impl Iterator<Item = (i64, T)> {
        let slots = self.slots.into_iter().enumerate().filter_map(|(i, v)| Some((i as i64, v?)));
        slots.chain(self.others)
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A set of row ids: a bit per id for the small positive ones (row ids count up from 1),
/// a map for any other.
#[derive(Debug, Default, Clone)]
pub struct IdSet {
    bits: Vec<u64>,
    others: IdMap<()>,
    len: u32,
}

impl IdSet {
    /// Ids below this go in the bits (8 MiB at most).
    const BITS: i64 = 1 << 26;

    #[inline]
    pub fn insert(&mut self, id: i64) {
        if (0..Self::BITS).contains(&id) {
            let (word, bit) = ((id / 64) as usize, id % 64);
            if self.bits.len() <= word {
                self.bits.resize(word + 1, 0);
            }
            if self.bits[word] & (1 << bit) == 0 {
                self.bits[word] |= 1 << bit;
                self.len += 1;
            }
        } else if self.others.insert(id, ()).is_none() {
            self.len += 1;
        }
    }

    pub fn len(&self) -> u32 {
        self.len
    }

    /// Adds every id of `other`.
    pub fn extend(&mut self, other: &Self) {
        if self.bits.len() < other.bits.len() {
            self.bits.resize(other.bits.len(), 0);
        }
        for (word, more) in self.bits.iter_mut().zip(&other.bits) {
            *word |= more;
        }
        self.others.extend(other.others.iter().map(|(id, ())| (*id, ())));
        self.len = self.bits.iter().map(|w| w.count_ones()).sum::<u32>() + self.others.len() as u32;
    }

    #[inline]
    pub fn contains(&self, id: i64) -> bool {
        if (0..Self::BITS).contains(&id) {
            self.bits.get((id / 64) as usize).is_some_and(|word| word & (1 << (id % 64)) != 0)
        } else {
            self.others.contains_key(&id)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        let small = self.bits.iter().enumerate().flat_map(|(word, &bits)| {
            (0..64).filter(move |bit| bits & (1 << bit) != 0).map(move |bit| word as i64 * 64 + bit)
        });
        small.chain(self.others.keys().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids in the slots and far beyond them in the map, each found once.
    #[test]
    fn an_id_table_finds_each_id_dense_or_far() {
        let mut table = IdTable::default();
        for (id, value) in [(3, 'a'), (1 << 40, 'b'), (-2, 'c'), (10_000, 'd'), (3, 'e')] {
            table.insert(id, value);
        }
        assert_eq!(table.len(), 4);
        assert_eq!(
            (table.get(3), table.get(1 << 40), table.get(-2), table.get(10_000)),
            (Some(&'e'), Some(&'b'), Some(&'c'), Some(&'d'))
        );
        assert_eq!(table.get(4), None);
        // 10,000 was beyond the slots, in the map; the slots grow past it: still once.
        for id in 0..6000 {
            table.insert(id + 100_000, 'x');
        }
        table.insert(10_000, 'f');
        assert_eq!(table.get(10_000), Some(&'f'));
        assert_eq!(table.iter().filter(|(id, _)| *id == 10_000).count(), 1);
        *table.entry(7) = 'g';
        assert_eq!(table.get(7), Some(&'g'));
        let mut ids: Vec<i64> = table.iter().map(|(id, _)| id).filter(|id| *id < 100_000).collect();
        ids.sort_unstable();
        assert_eq!(ids, [-2, 3, 7, 10_000]);
    }

    #[test]
    fn an_id_set_counts_each_id_once_small_or_large() {
        let mut set = IdSet::default();
        for id in [3, 70, 3, 1 << 40, 70, -5, 1 << 40] {
            set.insert(id);
        }
        assert_eq!(set.len(), 4);
        let mut ids: Vec<i64> = set.ids().collect();
        ids.sort_unstable();
        assert_eq!(ids, [-5, 3, 70, 1 << 40]);
    }
}

"""Read the State Council's 节假日安排 notice text into holiday blocks and make-up workdays.

Pure: text in, :class:`NoticeYear` out, or :class:`NoticeError` naming the sentence.
The text may be simplified or traditional, with full- or half-width punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ipflow.domain.calendar_years import weekday_zh
from ipflow.errors import NoticeError

_TRAD = str.maketrans(
    "節慶勞動僅與連週補調這於關國務辦廳農曆臘陰陽舊歲東輪",
    "节庆劳动仅与连周补调这于关国务办厅农历腊阴阳旧岁东轮",
)
_PUNCT = str.maketrans(
    {"(": "（", ")": "）", ":": "：", ",": "，", ";": "。", "；": "。", "﹑": "、", "．": "."}
    | {chr(0xFF10 + i): str(i) for i in range(10)}
)
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ITEM = re.compile(r"^\s*[一二三四五六七八九十]+、\s*([^：]{1,20})：(.*)$")
_DATE = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^）]*)）)?"
_RANGE = re.compile(_DATE + r"\s*至\s*" + _DATE + r"\s*放假")
_SINGLE = re.compile(_DATE + r"\s*放假")
_COUNT = re.compile(r"共(\d+)天")
_ONE_DATE = re.compile(_DATE)
_TITLE_YEAR = re.compile(r"关于(\d{4})年")


@dataclass(frozen=True)
class NoticeBlock:
    name: str
    from_: date
    to: date
    sentence: str

    def days(self) -> list[date]:
        return [self.from_ + timedelta(n) for n in range((self.to - self.from_).days + 1)]


@dataclass(frozen=True)
class NoticeWorkday:
    day: date
    name: str
    sentence: str


@dataclass
class NoticeYear:
    year: int
    title: str
    published: date | None = None
    blocks: list[NoticeBlock] = field(default_factory=list)
    workdays: list[NoticeWorkday] = field(default_factory=list)


def normalize(text: str) -> str:
    return text.translate(_TRAD).translate(_PUNCT).replace("\u3000", " ")


def _weekday_in(bracket: str | None) -> int | None:
    m = re.search(r"(?:星期|周|礼拜)([一二三四五六日天])", bracket or "")
    return _WEEKDAY[m.group(1)] if m else None


class _Dates:
    """Resolves 'M月D日' with the month and year carried from the previous date."""

    def __init__(self, year: int, sentence: str) -> None:
        self.year, self.month, self.sentence = year, 1, sentence

    def make(self, y: str | None, m: str | None, d: str, bracket: str | None) -> date:
        if y:
            self.year = int(y)
        if m:
            self.month = int(m)
        try:
            day = date(self.year, self.month, int(d))
        except ValueError:
            raise NoticeError(f"「{self.sentence}」：{self.month}月{d}日不是有效日期") from None
        wd = _weekday_in(bracket)
        if wd is not None and wd != day.weekday():
            raise NoticeError(
                f"「{self.sentence}」：{day.month}月{day.day}日括号中写的是"
                f"{'星期' + '一二三四五六日'[wd]}，但{day.isoformat()}是{weekday_zh(day)}"
            )
        return day


def _weekend_run(start: date, end: date) -> tuple[date, date]:
    while (start - timedelta(1)).weekday() >= 5:
        start -= timedelta(1)
    while (end + timedelta(1)).weekday() >= 5:
        end += timedelta(1)
    return start, end


def _block(name: str, clause: str, sentence: str, dates: _Dates, out: NoticeYear) -> bool:
    """One "…放假…" clause as a block; False when the clause announces none."""
    if m := _RANGE.search(clause):
        start = dates.make(*m.groups()[:4])
        end = dates.make(*m.groups()[4:])
        if end < start:
            raise NoticeError(f"「{sentence}」：放假结束日早于起始日")
    elif m := _SINGLE.search(clause):
        start = end = dates.make(*m.groups())
        tail = clause[m.end() :]
        if b := re.search(_DATE + r"\s*补休", tail):
            extra = dates.make(*b.groups())
            if extra not in (start - timedelta(1), end + timedelta(1)):
                raise NoticeError(
                    f"「{sentence}」：补休日{extra.isoformat()}与放假日不相连，无法确定放假期间"
                )
            start, end = min(start, extra), max(end, extra)
        if "连休" in tail:
            start, end = _weekend_run(start, end)
    else:
        return False
    count = _COUNT.search(clause)
    if count and int(count.group(1)) != (end - start).days + 1:
        raise NoticeError(
            f"「{sentence}」：{start.isoformat()}至{end.isoformat()}共"
            f"{(end - start).days + 1}天，与通知所写「共{count.group(1)}天」不符"
        )
    out.blocks.append(NoticeBlock(name, start, end, sentence))
    return True


def _parse_item(name: str, body: str, year: int, out: NoticeYear) -> None:
    sentence = f"{name}：{body}".strip()
    dates = _Dates(year, sentence)
    found = False
    for clause in re.split(r"。", body):
        pieces = [p.strip() for p in clause.split("，") if p.strip()]
        work = [p for p in pieces if p.endswith("上班")]
        rest = "，".join(p for p in pieces if not p.endswith("上班"))
        for piece in work:
            for w in _ONE_DATE.finditer(piece):
                out.workdays.append(NoticeWorkday(dates.make(*w.groups()), name, sentence))
                found = True
        if rest and _block(name, rest, sentence, dates, out):
            found = True
    if not found and re.search(r"放假|上班|补休|调休|\d+月|\d+日", body):
        raise NoticeError(f"「{sentence}」：看起来是节假日安排，但无法读出放假或上班日期")


def parse_notice(text: str, year: int | None = None) -> NoticeYear:
    """Parse the notice; ``year`` defaults to the one in the title (关于YYYY年…)."""
    lines = [ln.strip() for ln in normalize(text).splitlines() if ln.strip()]
    title = next((ln for ln in lines if "节假日安排" in ln), "")
    if year is None:
        m = _TITLE_YEAR.search(title) or _TITLE_YEAR.search(" ".join(lines))
        if m is None:
            raise NoticeError(
                "通知中找不到年份（标题「关于YYYY年部分节假日安排的通知」）；请用 --year 指定"
            )
        year = int(m.group(1))
    out = NoticeYear(year=year, title=title)
    for line in lines:  # the notice's date stands alone on a line after the signature
        if d := re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", line):
            out.published = date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
    for line in lines:
        if m := _ITEM.match(line):
            _parse_item(m.group(1).strip(), m.group(2).strip(), year, out)
        elif re.search(r"\d+月\d+日.*(放假|上班)", line) and "通知" not in line:
            raise NoticeError(
                f"「{line}」：看起来是节假日安排，但不是「一、节日：……」的格式，无法读出"
            )
    if not out.blocks:
        raise NoticeError("通知中没有读到任何放假安排（「一、元旦：……」这样的条目）")
    return out

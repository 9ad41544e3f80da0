//! Words around a date that say whether it is the event: announcements
//! (`will take place`, `join us`, `将于`, `举办`), reports (`was held`,
//! `举办了`), and dates that are something else — history (`last year`,
//! `上一期`, `回顾`), deadlines (`deadline`, `截止`), registration periods
//! (`报名时间`, `registration opens`) and campaigns (`抽奖活动`, `giveaway`).
//!
//! Each set is one regular expression (the `regex` crate: linear time,
//! compiled once), matched on normalized text; English words match in any
//! case and as whole words (ASCII word boundaries: the words are ASCII, and
//! Unicode boundaries cost more than the rest of the search).

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

/// Why a date is not the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exclusion {
    /// `last year`, `previously`, `上一期`, `回顾`, `last time we…`.
    History,
    /// `deadline`, `apply by`, `截止`.
    Deadline,
    /// `registration opens`, `applications open`, `call for proposals`, `报名时间`.
    Registration,
    /// `will be followed by …`: what comes after is another event.
    Another,
    /// An item of a list of links to other pages' events, each on its own
    /// day (see `when::listed_elsewhere`).
    Elsewhere,
    /// A campaign, not a gathering: a prize draw, an award selection, a
    /// call for submissions (`抽奖活动`, `评选活动`, `征集活动`, `giveaway`).
    Campaign,
}

impl Exclusion {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Exclusion::History => "history",
            Exclusion::Deadline => "a deadline",
            Exclusion::Registration => "a registration period",
            Exclusion::Another => "another event that follows",
            Exclusion::Elsewhere => "a list of links to other pages' events",
            Exclusion::Campaign => "a campaign (a prize draw, a selection, a call)",
        }
    }
}

/// What the words around a date say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cues {
    /// The announcement words found (`will take place`), for the reason.
    pub event: Option<String>,
    /// Report words (`was held`): the date is in the past.
    pub past: bool,
    /// Names an event (`meetup`, `conference`, `会议`, `专场`) without saying
    /// it will happen: enough for a title or a summary, or a sentence's day.
    pub noun: bool,
    pub excluded: Option<Exclusion>,
    /// Says the event began at the time it writes (`2:30 分，活动正式开始`,
    /// `the meetup kicked off at 7pm`): the hours of a day written elsewhere.
    pub starts: bool,
    /// Says the event ended at the time it writes (`在 10 点时，…自由软件日
    /// 圆满结束`): the end of a start lent from a report.
    pub ends: bool,
    /// An item of a list that a sentence introduces as the schedule (`We
    /// will be holding discussions at the following times:`).
    pub schedule: bool,
}

fn build(pattern: &str) -> Option<Regex> {
    // The patterns are constants; a failure to build is a bug caught by the
    // tests below, and in release the cue is simply not found.
    Regex::new(pattern).ok()
}

static EVENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:will|shall|'ll)\s+(?:take\s+place|be\s+held|be\s+hosted|be\s+hosting|be\s+leading|be\s+running|lead|",
        r"be\s+holding|run|start|begin|kick\s+off|happen|meet|host|hold|be\s+on|be\s+at|",
        r"be\s+from|be\s+streamed|go\s+live|present|speak|talk|give|celebrate|gather|discuss)(?-u:\b)",
        r"|(?-u:\b)join\s+(?:us|the|our|in)(?-u:\b)|(?-u:\b)(?:takes|taking)\s+place(?-u:\b)",
        // `The calls of each odd month take place on the second Thursday`.
        r"|(?-u:\b)take\s+place\s+(?:on|at|every|each)(?-u:\b)",
        r"|(?-u:\b)(?:is|are|has\s+been|have\s+been)\s+(?:scheduled|planned|set)(?-u:\b)",
        r"|(?-u:\b)save\s+the\s+date(?-u:\b)|(?-u:\b)(?:you\s+are|you're)\s+(?:invited|welcome)(?-u:\b)",
        r"|(?-u:\b)invit(?:e|es|ing)\s+(?:you|everyone|all)(?-u:\b)|(?-u:\b)we\s+(?:are|will\s+be)\s+(?:hosting|holding|organi[sz]ing|meeting)(?-u:\b)",
        r"|(?-u:\b)(?:upcoming|next)\s+(?:meeting|call|session|event|workshop|meetup|webinar|",
        r"discussion|community|office\s+hours|co-?working|talk|showcase|sprint)(?-u:\b)",
        r"|(?-u:\b)(?:meeting|call|session|event|workshop|meetup|webinar|discussion|showcase|",
        r"sprint|talk|conference|hackathon|office\s+hours|co-?working|training|clinic|",
        r"keynote|livestream|live\s+stream)s?\s+(?:is|are|will|takes|starts|begins|runs)(?-u:\b)",
        r"|(?-u:\b)(?:sign\s+up|register)\s+(?:for|to\s+attend|here|now)(?-u:\b)|(?-u:\b)don't\s+miss(?-u:\b)",
        r"|(?-u:\b)(?:meets?|gathers?)\s+(?:again\s+)?(?:on|at|every|next|this)(?-u:\b)",
        r"|(?-u:\b)(?:sumate|súmate|únete|unete|te\s+esperamos|nos\s+vemos)(?-u:\b)",
        // `We will have the first JuliaHEP workshop … from 6-9 November`:
        // what we will have is the event only when a gathering is named.
        r"|(?-u:\b)(?:will|'ll)\s+have\s+(?:a|an|the|our|its)\s+(?:[\w*'-]+\s+){0,4}?(?:meetings?|meetups?|",
        r"workshops?|conferences?|hackathons?|sprints?|sessions?|webinars?|calls?|seminars?|summits?|",
        r"tutorials?|trainings?|symposi(?:um|a))(?-u:\b)",
        // `决定6月22日组织一场工作坊`: organising one (not `组织了`, a report);
        // `…在召唤每一位同学，就在 2019年7月27日（周六）`: right on a date.
        r"|组织(?:一场|一次|一期|一个|一届)|就在\s*(?:[0-9０-９]|本周|下周|这周|明天)",
        r"|将于|将在|定于|举办|举行|召开|开展|开播|直播|邀请|欢迎|届时|不见不散|相约|",
        r"报名参加|敬请|即将|我们见|与您|等你|进行分享|带来|等待着?大家|期待(?:与|和)?(?:您|你|大家)",
        // `本次百团时间一如既往是 9 月 25 - 26 日`, `活动时间为…`: a sentence
        // that gives the time (`报名时间为…` is still a registration period).
        r"|(?:活动|会议|讲座|分享|比赛|直播|沙龙|聚会|大会|本次[^，。,；;]{0,6}?)时间[^，。,；;]{0,6}?(?:为|是|定于|定在)",
        // `就在本周日下午 2:00`: "it is (right) on" a day.
        r"|就在\s*(?:本|这周|这个周|这星期|下周|下个|下星期|今天|今晚|明天|明晚|后天|周|星期|礼拜|[0-9])",
        // `Release Party 在中大大学城校区进行`: the event takes place at a
        // place (not `我们在会上进行了讨论`, whose subject is no event).
        r"|(?:活动|会议|讲座|沙龙|聚会|大会|分享会|派对|party|meetup|workshop)[^，。,；;]{0,4}?在[^，。,；;]{1,30}?进行"
    ))
});

static PAST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:was|were|successfully|has\s+been|had\s+been)\s+(?:held|hosted|streamed)(?-u:\b)|(?-u:\b)took\s+place(?-u:\b)|(?-u:\b)happened(?-u:\b)",
        r"|(?-u:\b)we\s+(?:met|hosted|held|had)(?-u:\b)|(?-u:\b)was\s+a\s+success(?-u:\b)",
        r"|举办了|举行了|召开了|组织了|已于|已经|圆满|成功举办|落幕|结束了"
    ))
});

static HISTORY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)last\s+(?:year|time|month|week|call|meeting|session|meetup|event|edition)(?-u:\b)",
        r"|(?-u:\b)previous(?:ly)?(?-u:\b)|(?-u:\b)in\s+the\s+past(?-u:\b)|(?-u:\b)past\s+(?:events?|sessions?|meetups?|showcases?)(?-u:\b)",
        r"|(?-u:\b)back\s+in(?-u:\b)|(?-u:\b)earlier\s+this\s+year(?-u:\b)",
        // The stamps of a notice's own updates (`**2020-06-05 10:27 Update 5**`,
        // `Updated: 2024-05-02`, `更新 2：`): when the post changed, not an event.
        // `Update:` is a stamp only with its date right after it (`WG Update:
        // Meeting 11 February` is a title naming the meeting).
        r"|(?-u:\b)(?:update|edit)\s*#?\d+(?-u:\b)|(?-u:\b)(?:update[ds]?|edit(?:ed)?)\s*:[\s*_]*(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
        // A page's own stamps (`编辑于 2018 年 1 月 25 日`, `Last updated on:
        // 2025-10-16 13:15`): when the text was written, not an event.
        r"|(?-u:\b)(?:last\s+updated|updated\s+on|edited\s+on|published\s+on|posted\s+on)(?-u:\b)",
        r"|上一期|上期|往期|去年|此前|上次|上回|前几期|曾于|曾经|回顾|更新\s*\d|更新[：:]",
        r"|编辑于|修改于|更新于|发布于|发表于|写于|最后更新"
    ))
});

static DEADLINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)deadlines?(?-u:\b)|(?-u:\b)due\s+(?:on|by|date)(?-u:\b)|(?-u:\b)(?:are|is)\s+due(?:\s*[.!,;:]|\s*$|\s+(?:on|by|at|before)(?-u:\b))",
        r"|(?-u:\b)(?:apply|register|submit|sign\s+up|rsvp|respond)\s+",
        r"(?:\w+\s+){0,3}?by(?-u:\b)|(?-u:\b)no\s+later\s+than(?-u:\b)|(?-u:\b)clos(?:e|es|ing)\s+(?:on|at)(?-u:\b)",
        r"|(?-u:\b)(?:received|submitted)\s+(?:\w+\s+){0,2}?(?:before|by)(?-u:\b)",
        r"|(?-u:\b)anywhere\s+on\s+earth(?-u:\b)|(?-u:\b)AoE(?-u:\b)",
        // `We will have the results by 6 November`, `by November 8`: what is
        // done by a day is finished before it, not held on it. Months only:
        // `stop by Friday` is a visit.
        r"|(?-u:\b)by\s+(?:the\s+)?(?:[0-9]{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+)?",
        r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|",
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?-u:\b)",
        r"|截止|截至|提交时间|之前提交|前提交|前报名",
        // `将在 6 月 30 日前公布年度报告`: done before the day.
        r"|[日号]前(?:公布|发布|公开|完成|确认|回复|通知|反馈|寄出|发放|上线)"
    ))
});

/// `活动` that is a campaign over days, not a gathering (`福利抽奖活动`,
/// `开源之星评选活动`, `用户案例有奖征集活动`, `LOGO 征集活动`).
static CAMPAIGN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:giveaways?|raffles?|prize\s+draws?|sweepstakes)(?-u:\b)",
        r"|(?:抽奖|评选|征集|投票)活动|有奖征集|福利放送"
    ))
});

/// A line that is only a date and a part of the day (`2019.3.2 晚上`, `3 月 2
/// 日（周六）下午`): a dateline saying when what the post records happened.
/// A date alone is as often the page's own stamp, so the part of the day is
/// required.
pub(crate) fn is_dateline(text: &str) -> bool {
    const PARTS: [&str; 9] = [
        "上午", "下午", "晚上", "傍晚", "早上", "中午", "晚间", "凌晨", "夜里",
    ];
    let mut rest = text.to_string();
    let mut part = false;
    for p in PARTS {
        if rest.contains(p) {
            part = true;
            rest = rest.replace(p, "");
        }
    }
    for w in ["星期", "礼拜", "周"] {
        rest = rest.replace(w, "");
    }
    part && rest.chars().any(|c| c.is_ascii_digit() || c == '月')
        && rest.chars().all(|c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || "./-年月日号（）()*_一二三四五六日天".contains(c)
        })
}

/// Whether the only report word of `text` is `已经` (already), which says
/// something has happened, not that an event was held (`市场营销已经超过了技术本身`).
pub(crate) fn only_already(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("已经")
        && !PAST
            .as_ref()
            .is_some_and(|r| r.is_match(&lower.replace("已经", "")))
}

/// A title that says its post is a talk's transcript (`第 104 期…-文字版`,
/// `…文字稿`, `Transcript: …`, `… (transcript)`).
pub(crate) fn title_is_transcript(title: &str) -> bool {
    let lower = title.to_lowercase();
    ["文字版", "文字稿", "逐字稿", "速记", "transcript"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Whether `text` (a heading) names a campaign rather than a gathering.
pub(crate) fn names_campaign(text: &str) -> bool {
    CAMPAIGN.as_ref().is_some_and(|r| r.is_match(text))
}

/// The campaign words of `text`, when it names one (`用户案例有奖征集活动`).
pub(crate) fn campaign_words(text: &str) -> Option<String> {
    find(&CAMPAIGN, text)
}

/// Whether `text` names a gathering (`meetup`, `分享会`, `沙龙`): what a
/// campaign's post must name for its date to be something to attend.
pub(crate) fn names_gathering(text: &str) -> bool {
    NOUN.as_ref().is_some_and(|r| r.is_match(text))
}

static CALL_FOR: LazyLock<Option<Regex>> =
    LazyLock::new(|| build(r"(?i)(?-u:\b)calls?\s+for(?-u:\b)"));

/// Whether `text` names a gathering besides the call it may make: the `call`
/// of `Call for papers` asks for something, it is not a meeting.
pub(crate) fn names_gathering_besides_a_call(text: &str) -> bool {
    match CALL_FOR.as_ref() {
        Some(re) => names_gathering(&re.replace_all(text, " ")),
        None => names_gathering(text),
    }
}

static ANOTHER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(r"(?i)(?-u:\b)(?:will\s+be\s+|is\s+)?followed\s+by(?-u:\b)|之后还有|随后还将")
});

static NOUN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:meetups?|meetings?|conferences?|workshops?|webinars?|summits?|hackathons?|",
        r"sprints?|sessions?|calls?|talks?|keynotes?|panels?|symposi(?:um|a)|seminars?|",
        r"lectures?|livestreams?|office\s+hours|co-?working|codefests?|showcases?)(?-u:\b)",
        r"|会议|例会|沙龙|直播|分享会|大会|峰会|讲座|培训|研讨会|专场|见面会|聚会|聚餐|开放日|工作坊|黑客马拉松"
    ))
});

/// Words of a report that say when the event began. Matched alone (not in
/// the set): they only lend hours to a date the post writes elsewhere.
static STARTS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        // The event is what began: `the meetup kicked off`, `活动正式开始`;
        // not `registration started`, `people started arriving` or `this
        // project started on March 3`.
        r"(?i)(?-u:\b)(?:meetup|meeting|event|talk|workshop|session|conference|party|ceremony|",
        r"celebration|programme|program|salon|hackathon|sprint)s?\s+(?:officially\s+)?",
        r"(?:began|started|kicked\s+off|got\s+(?:under\s*way|started))(?-u:\b)",
        r"|(?:活动|会议|分享|沙龙|讲座|大会|聚会|典礼|仪式)[^，。,；;]{0,12}?(?:正式|准时|如期)?(?:开始|开幕|召开)",
        r"|拉开序幕|拉开了序幕",
        // `推迟了半个小时在1:30正式开始`: a time, then that it officially began.
        r"|[0-9][:：][0-9]{2}\s*(?:正式|准时)(?:开始|开幕)",
        // How long the event went on, from its start (`活动从下午 2:30 一直持续到
        // 下午 6:00`, `the party ran from 2 to 5pm`): its hours, start and end.
        r"|(?-u:\b)(?:meetup|meeting|event|workshop|session|conference|party|celebration|salon|",
        r"hackathon|sprint)s?\s+(?:lasted|ran|went\s+on)\s+(?:from|until|till)(?-u:\b)",
        r"|(?:活动|会议|分享|沙龙|讲座|大会|聚会|派对)[^，。,；;]{0,20}?持续(?:到|至)"
    ))
});

/// Words of a report that say when the event ended (`自由软件日圆满结束`,
/// `the meetup wrapped up at 9pm`): the end of hours lent by [`STARTS`].
static ENDS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:meetup|meeting|event|talks?|workshop|session|conference|party|celebration|",
        r"programme|program|salon|hackathon|sprint)s?\s+(?:officially\s+)?",
        r"(?:ended|finished|wrapped\s+up|came\s+to\s+an\s+end|closed)(?-u:\b)",
        r"|(?:活动|会议|分享|沙龙|讲座|大会|聚会|演讲|典礼|仪式|日)[^，。,；;]{0,8}?(?:圆满|顺利|正式)?(?:结束|落幕|闭幕)(?:了|。|，|,|$)"
    ))
});

/// `活动还未开始`, `before the talks started`: the time is before the start.
static NOT_YET: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:not\s+yet|before\s+(?:\w+\s+){0,3}?(?:began|started))(?-u:\b)",
        r"|未开始|没开始|没有开始|尚未|还未|开始前|之前|以前|不到"
    ))
});

/// Words that put a date in the future (`将于`, `还会`, `will`, `upcoming`),
/// unlike tense-neutral ones (`举行`, `时间为`), which a report uses too.
static FUTURE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:will|shall|upcoming|next|coming|soon)(?-u:\b)|'ll(?-u:\b)",
        r"|将于|将在|将会|即将|届时|还会|会有|敬请|期待|相信|欢迎报名|不见不散"
    ))
});

/// A title that says its post looks back on an event (`Highlights from the
/// 2023 Retreat`, `Recap: …`, `… 活动回顾`, `…圆满落幕`).
static REPORT_TITLE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:highlights|recap|wrap-?up|retrospective|looking\s+back|takeaways)(?-u:\b)",
        r"|回顾|纪要|侧记|实录|精彩回放|圆满落幕|圆满结束|圆满举办|成功举办"
    ))
});

/// Whether a title says its post reports an event that has happened.
pub(crate) fn title_reports(title: &str) -> bool {
    REPORT_TITLE.as_ref().is_some_and(|r| r.is_match(title))
        && !TITLE_ANNOUNCES.as_ref().is_some_and(|r| r.is_match(title))
}

/// A title that announces as well as looks back (`September recap and
/// October meetup announcement`, `回顾与预告`, `… recap + next meetup`): the
/// post is as much about the event it invites to, so the report rule of
/// [`title_reports`] does not apply.
static TITLE_ANNOUNCES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:announc\w*|preview|invitation|invite|save\s+the\s+date|",
        r"next|upcoming|coming|will)(?-u:\b)",
        r"|预告|预热|邀请|邀您|下期|下一期|报名|即将|将于"
    ))
});

/// A sentence that introduces a list as its schedule (`at the following
/// times`, `on the following dates`, `时间如下`). Matched only on the
/// paragraph right above a list.
static SCHEDULE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:at|on|for)\s+the\s+following\s+(?:times|dates|days)(?-u:\b)",
        r"|以下时间|如下时间|时间如下|以下日期|日期如下|时间安排如下|日程安排如下|日程如下"
    ))
});

/// Whether `text` introduces the list under it as the schedule.
pub(crate) fn introduces_schedule(text: &str) -> bool {
    SCHEDULE.as_ref().is_some_and(|r| r.is_match(text))
}

/// Whether `text` puts what it says in the future.
pub(crate) fn says_future(text: &str) -> bool {
    FUTURE.as_ref().is_some_and(|r| r.is_match(text))
}

static REGISTRATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)registrations?\s+(?:opens?|closes?|is\s+open|period|starts?)(?-u:\b)",
        r"|(?-u:\b)applications?\s+(?:open|close|are\s+open|will\s+open|now\s+open|opens|closes)(?-u:\b)",
        r"|(?-u:\b)calls?\s+for\s+(?:proposals|papers|speakers|talks|participation|projects|mentors|",
        r"contributions|submissions|abstracts|nominations|volunteers|posters)(?-u:\b)|(?-u:\b)cfp(?-u:\b)",
        r"|(?-u:\b)(?:review|reviewing|accept|accepting)\s+(?:the\s+)?applications(?-u:\b)",
        r"|报名时间|报名日期|报名开始|申请时间|申请日期|征集时间|投稿时间",
        r"|报名.{0,20}?(?:开启|开始|开放)|开放报名|报名通道"
    ))
});

/// Registration opening for an event named by its day (`2011年3月20日GNU/Linux
/// 专场报名开始啦`, `Registration for the March 20 workshop is open`): the
/// day is the event's, the registration opens now. It announces the event.
static NAMED_BY_DAY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"[0-9]\s*[日号][^，。,；;！!？?]{0,24}?(?:专场|沙龙|活动|会议|聚会|讲座|分享会|大会|培训|",
        r"(?i:meetup|party|workshop))\s*的?\s*(?:报名|招募)\s*(?:正式)?(?:开始|开启|启动)",
        r"|(?i)(?-u:\b)registration\s+(?:for|to)\s+(?:the|our)\s+[a-z]+\s+[0-9]{1,2}(?:st|nd|rd|th)?\s+",
        r"(?:meetup|workshop|party|meeting|conference|hackathon|sprint)\s+(?:is\s+)?(?:now\s+)?open(?-u:\b)"
    ))
});

/// A length the post gives its event: `In this 1-hour community call`, `in
/// the ninety-minute sessions`, `Join us for 1.5 hours`, `本次分享将用 50 分钟`,
/// `时长 2 小时`. A bare length (`10 weekly 1-hour meetings`, `5 分钟`) is
/// not one: it needs `this`/`the`/`our`/`for` before it, or 将用/持续/时长/共.
static LENGTH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    build(concat!(
        r"(?i)(?-u:\b)(?:this|the|our|for(?:\s+the\s+full)?|for\s+an?)\s+",
        r"(?P<en>\d+(?:\.\d+)?|one|two|three|four|an?|half\s+an|ninety|sixty|thirty|forty-five|forty|fifty)",
        r"(?:\s*-\s*|\s+)(?P<eu>hours?|hrs?|minutes?|mins?)(?-u:\b)",
        r"|(?:将用|将持续|持续|时长|共|约|预计)\s*(?P<zh>\d+(?:\.\d+)?|一个半|半个|半|一|两|二|三)\s*(?:个)?\s*(?P<zu>小时|分钟)"
    ))
});

/// The length the post gives its event, with the words it was read from;
/// between 10 minutes and 12 hours.
pub(crate) fn stated_length(text: &str) -> Option<(chrono::Duration, String)> {
    let re = LENGTH.as_ref()?;
    for caps in re.captures_iter(text) {
        let (amount, unit) = match (
            caps.name("en"),
            caps.name("eu"),
            caps.name("zh"),
            caps.name("zu"),
        ) {
            (Some(a), Some(u), _, _) => (
                a.as_str().to_ascii_lowercase(),
                u.as_str().to_ascii_lowercase(),
            ),
            (_, _, Some(a), Some(u)) => (a.as_str().to_string(), u.as_str().to_string()),
            _ => continue,
        };
        let n: f64 = match amount.as_str() {
            "one" | "a" | "an" | "一" => 1.0,
            "two" | "两" | "二" => 2.0,
            "three" | "三" => 3.0,
            "four" => 4.0,
            "half an" | "半" | "半个" => 0.5,
            "一个半" => 1.5,
            "thirty" => 30.0,
            "forty" => 40.0,
            "forty-five" => 45.0,
            "fifty" => 50.0,
            "sixty" => 60.0,
            "ninety" => 90.0,
            other => match other.parse() {
                Ok(v) => v,
                Err(_) => continue,
            },
        };
        let minutes = if unit.starts_with('h') || unit == "小时" {
            n * 60.0
        } else {
            n
        };
        if (10.0..=720.0).contains(&minutes) {
            let d = chrono::Duration::minutes(minutes.round() as i64);
            return Some((d, caps.get(0).map_or("", |m| m.as_str()).trim().to_string()));
        }
    }
    None
}

fn find(re: &LazyLock<Option<Regex>>, text: &str) -> Option<String> {
    re.as_ref()
        .and_then(|r| r.find(text))
        .map(|m| m.as_str().to_string())
}

/// The sets, in one automaton: which of them a text holds, in one pass
/// (the text of the match is searched only for the announcement words).
const EVENT_AT: usize = 0;
const PAST_AT: usize = 1;
const ANOTHER_AT: usize = 2;
const HISTORY_AT: usize = 3;
const REGISTRATION_AT: usize = 4;
const DEADLINE_AT: usize = 5;
const NOUN_AT: usize = 6;
const STARTS_AT: usize = 7;
const NOT_YET_AT: usize = 8;
const CAMPAIGN_AT: usize = 9;
const ENDS_AT: usize = 10;
const NAMED_BY_DAY_AT: usize = 11;

static SETS: LazyLock<Option<RegexSet>> = LazyLock::new(|| {
    let all = [
        &EVENT,
        &PAST,
        &ANOTHER,
        &HISTORY,
        &REGISTRATION,
        &DEADLINE,
        &NOUN,
        &STARTS,
        &NOT_YET,
        &CAMPAIGN,
        &ENDS,
        &NAMED_BY_DAY,
    ];
    let patterns: Option<Vec<&str>> = all
        .iter()
        .map(|re| re.as_ref().map(Regex::as_str))
        .collect();
    RegexSet::new(patterns?).ok()
});

fn matched(text: &str) -> Option<regex::SetMatches> {
    SETS.as_ref().map(|set| set.matches(text))
}

fn exclusion_of(m: &regex::SetMatches) -> Option<Exclusion> {
    if m.matched(ANOTHER_AT) {
        Some(Exclusion::Another)
    } else if m.matched(HISTORY_AT) {
        Some(Exclusion::History)
    } else if m.matched(REGISTRATION_AT) && !m.matched(NAMED_BY_DAY_AT) {
        Some(Exclusion::Registration)
    } else if m.matched(DEADLINE_AT) {
        Some(Exclusion::Deadline)
    } else if m.matched(CAMPAIGN_AT) && !m.matched(NOUN_AT) {
        // A draw inside a text that names a gathering (`Meetup 将于 5 月 6 日
        // 举办，现场还有抽奖活动`, `talks, pizza and a raffle`) is part of that
        // gathering: the date is the gathering's.
        Some(Exclusion::Campaign)
    } else {
        None
    }
}

/// The exclusion named in `text`, if any.
pub(crate) fn exclusion(text: &str) -> Option<Exclusion> {
    exclusion_of(&matched(text)?)
}

/// The announcement and report words of `text`. Report words win: `已于
/// 3 月 5 日圆满举办` is a report although `举办` also announces.
pub(crate) fn cues(text: &str) -> Cues {
    let Some(m) = matched(text) else {
        return Cues::default();
    };
    let past = m.matched(PAST_AT);
    Cues {
        event: if past {
            None
        } else if m.matched(NAMED_BY_DAY_AT) {
            find(&NAMED_BY_DAY, text)
        } else if m.matched(EVENT_AT) {
            find(&EVENT, text)
        } else {
            None
        },
        past,
        noun: m.matched(NOUN_AT),
        excluded: exclusion_of(&m),
        // The event began at the time the text writes (not `还未开始`).
        starts: m.matched(STARTS_AT) && !m.matched(NOT_YET_AT),
        ends: m.matched(ENDS_AT) && !m.matched(NOT_YET_AT),
        schedule: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert!(SETS.is_some());
        for re in [
            &EVENT,
            &PAST,
            &HISTORY,
            &ANOTHER,
            &DEADLINE,
            &REGISTRATION,
            &LENGTH,
            &STARTS,
            &NOT_YET,
            &FUTURE,
            &REPORT_TITLE,
            &SCHEDULE,
            &CAMPAIGN,
            &ENDS,
            &NAMED_BY_DAY,
            &CALL_FOR,
        ] {
            assert!(re.is_some());
        }
    }

    #[test]
    fn titles_that_look_back() {
        for t in [
            "Highlights from the 2023 Retreat",
            "Recap: our first hack night",
            "Sprint wrap-up",
            "第五期技术沙龙回顾",
            "2024 开源年会圆满落幕",
        ] {
            assert!(title_reports(t), "{t}");
        }
        for t in [
            "Join us for the 2024 Retreat",
            "2020 Financial Report Community Discussion",
            "第六期技术沙龙报名开启",
            // Looks back and announces: not only a report.
            "September meetup recap and October meetup announcement",
            "Recap and next meetup on 12 May",
            "回顾与预告：第 5 期沙龙",
        ] {
            assert!(!title_reports(t), "{t}");
        }
    }

    #[test]
    fn narrated_starts() {
        for s in [
            "2:30 分,活动正式开始,左格非同学首先登场",
            "下午 2:30,在主持人的组织下,活动正式开始。",
            "At 7pm the meetup kicked off with a round of introductions",
            "下午 2 时,活动在东区图书馆准时召开。",
            "活动从下午 2:30 一直持续到下午 6:00.",
            "活动从下午两点半持续到了五点半,大家意犹未尽",
            "The party ran from 2 to 5pm in the hall",
            "The meetup lasted from 7pm until 9pm",
            "我们推迟了半个小时在1:30正式开始。",
        ] {
            assert!(cues(&s.to_lowercase()).starts, "{s}");
        }
        for s in [
            "下午 2 时许,活动还未开始,同学们就已经陆续进入会场",
            "不到 2:30 分,同学们便赶到会场,活动开始前领取纪念品",
            "People arrived at 6pm, before the talks started",
            "The call lasted an hour",
            "This project started on March 3, 2019 as a weekend hobby.",
            "Registration started at 9:00 and the first talk was at 10:30.",
            "People started arriving at 6:30",
            "The meetup lasted two hours",
            "疫情持续到 2021 年,活动一度停办",
            "1:30,活动开始前,同学们陆续签到领取资料。",
            "这个项目于 2019 年 3 月 3 日正式开始,至今已有五年。",
        ] {
            assert!(!cues(&s.to_lowercase()).starts, "{s}");
        }
    }

    #[test]
    fn narrated_ends() {
        for s in [
            "在 10 点时,大家的演讲全部结束,自由软件日圆满结束。",
            "晚上 9 点半,活动顺利结束。",
            "The meetup wrapped up at 9pm with pizza",
            "At 5pm the workshop ended",
        ] {
            assert!(cues(&s.to_lowercase()).ends, "{s}");
        }
        for s in [
            "活动结束前,大家合影留念",
            "报名已于 3 月 1 日结束后统计",
            "The talk ends with a demo",
        ] {
            assert!(!cues(&s.to_lowercase()).ends, "{s}");
        }
    }

    #[test]
    fn announcements() {
        for s in [
            "The following meeting will take place on 27 February",
            "Join us on May 22nd at 12:30pm Eastern",
            "The meeting will run from 2pm to 3pm GMT",
            "本次直播将于 2021 年 8 月 26 日晚 8:00-9:00 进行",
            "我们将在 5 月 6 日举办第 3 期",
            "The call is scheduled for June 3",
            "Our next community call: June 3",
            "Our reading group meets again on Thursday, 9 November",
            "本次百团时间一如既往是 9 月 25 - 26 日",
            "活动时间为 5 月 6 日下午",
            "linux install party,就在本周日下午 2:00,3112 教室。",
            "11 月 1 号下午,ubuntu 14.10 release party 在中大大学城校区进行",
            "本次沙龙在图书馆三楼进行",
            "On 14th October 2021 the community will celebrate the first RSE Day",
            "On 3 May the maintainers will gather in Utrecht",
            "On April 3rd (calendar event), we will discuss the proposal",
            "The calls of each odd month take place on the second Thursday",
        ] {
            let c = cues(s);
            assert!(c.event.is_some(), "{s}");
            assert!(c.excluded.is_none(), "{s}");
        }
    }

    #[test]
    fn datelines() {
        for s in [
            "2019.3.2 晚上",
            "3 月 2 日（周六）下午",
            "**2019/03/02 晚上**",
        ] {
            assert!(is_dateline(s), "{s}");
        }
        for s in ["2019.3.2", "2019.3.2 晚上发布", "etcd 版本：3.3.10", "下午"] {
            assert!(!is_dateline(s), "{s}");
        }
    }

    #[test]
    fn registration_for_an_event_named_by_its_day() {
        for s in [
            "2011年3月20日gnu/linux专场报名开始啦!",
            "5 月 6 日技术沙龙报名正式开启",
            "Registration for the March 20 workshop is now open",
        ] {
            let c = cues(s);
            assert!(c.event.is_some(), "{s}");
            assert!(c.excluded.is_none(), "{s}");
        }
        for s in [
            "报名开始时间:3 月 1 日",
            "3 月 1 日起报名开始",
            "Registration opens on March 1",
        ] {
            assert_eq!(cues(s).excluded, Some(Exclusion::Registration), "{s}");
        }
    }

    #[test]
    fn not_announcements() {
        for s in [
            "我们在会上进行了讨论",
            "就在这时,服务器宕机了",
            "迁移工作在 github 上进行",
        ] {
            assert!(cues(s).event.is_none(), "{s}");
        }
    }

    #[test]
    fn lengths_the_post_gives() {
        let m = |s: &str| stated_length(s).map(|(d, _)| d.num_minutes());
        assert_eq!(m("In this 1-hour community call, we"), Some(60));
        assert_eq!(
            m("we will touch on in the ninety-minute sessions"),
            Some(90)
        );
        assert_eq!(m("Join us for 1.5 hours Thursday"), Some(90));
        assert_eq!(m("Come for the full 2 hrs"), Some(120));
        assert_eq!(m("本次分享将用 50 分钟的时间"), Some(50));
        assert_eq!(m("直播时长 2 小时"), Some(120));
        assert_eq!(
            m("Trainer Training consists of 10 weekly 1-hour meetings"),
            None
        );
        assert_eq!(m("take 5 minutes to give feedback"), None);
        assert_eq!(m("The 24-hour virtual event"), None);
    }

    #[test]
    fn an_update_title_is_no_update_stamp() {
        assert!(cues("governance wg update: meeting 11 february 2020")
            .excluded
            .is_none());
    }

    #[test]
    fn reports_and_exclusions() {
        assert!(cues("The retreat was held on April 20-22").past);
        let c = cues("本次活动已于 3 月 5 日圆满举办");
        assert!(c.past && c.event.is_none());
        for (s, want) in [
            ("Last year we met on 4 May", Exclusion::History),
            ("上一期分享在 4 月 2 日", Exclusion::History),
            ("活动回顾：5 月 6 日", Exclusion::History),
            ("编辑于 2018 年 1 月 25 日", Exclusion::History),
            ("**Updated:** 2024-05-02 10:00", Exclusion::History),
            ("Update: May 3, the room changed", Exclusion::History),
            (
                "Last updated on: 2025-10-16 13:15 (Asia/Kolkata)",
                Exclusion::History,
            ),
            ("The deadline is March 3", Exclusion::Deadline),
            ("Please apply by 12 May", Exclusion::Deadline),
            (
                "Applications received before 1 February at 11:59 PM (anywhere on earth)",
                Exclusion::Deadline,
            ),
            (
                "This event will be followed by co-working on 15 May",
                Exclusion::Another,
            ),
            ("报名截止：5 月 20 日", Exclusion::Deadline),
            ("报名时间：即日起至 5 月 20 日", Exclusion::Registration),
            ("Registration opens on 2 May", Exclusion::Registration),
            ("学生报名将于 4 月 30 日正式开启", Exclusion::Registration),
            ("Applications open until June 1", Exclusion::Registration),
            (
                "We will start reviewing applications on July 1",
                Exclusion::Registration,
            ),
        ] {
            assert_eq!(cues(s).excluded, Some(want), "{s}");
        }
        assert_eq!(
            cues("Applications are due!").excluded,
            Some(Exclusion::Deadline)
        );
        assert!(cues("The workshop is due to start").excluded.is_none());
        assert!(cues("See you on 5 June").excluded.is_none());
    }
}

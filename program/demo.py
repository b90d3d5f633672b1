"""Demo programs of the 2019 (NeurIPS) and 2023 (AAAI) editions, plus a draft for 2027.

Titles, people, affiliations, session types, times (2023) and rooms (2023) follow the public
pages of those editions. The 2019 page gives no times: its sessions are laid out only to keep
the page's order and are marked "times to be announced", so no page prints them. Every
abstract and bio is written for the demo. ``load`` is idempotent: rows are matched by
(edition, title) and a release is published only when the draft differs from the last one.
"""

import datetime as dt

from emc2.models import Edition, Person
from emc2.services import person_get_or_create
from papers.selectors import papers_accepted
from program.enums import ItemKind, SessionKind, SpeakerRole
from program.exceptions import ProgramError
from program.models import Item, ItemSpeaker, Room, Session
from program.services import release_publish

# (name, affiliation, bio)
BIOS = {
    "Yann LeCun": "Works on deep learning, computer vision and self-supervised learning; "
    "co-recipient of the 2018 Turing Award.",
    "Edward Delp": "Professor at Purdue University working on image and video processing, "
    "compression and multimedia security.",
    "Vivienne Sze": "Associate professor at MIT who co-designs algorithms and low-power "
    "hardware for vision, robotics and deep learning.",
    "Rogerio Feris": "Leads computer vision and multimedia research at IBM Research, with a "
    "focus on efficient and adaptive neural networks.",
    "Song Han": "Faculty member at MIT working on efficient deep learning: compression, "
    "neural architecture search and hardware-aware models.",
    "Kurt Keutzer": "Professor at UC Berkeley studying fast training and compact networks "
    "for mobile and embedded use.",
    "Diana Marculescu": "Works on energy-aware computing and hardware-aware machine learning, "
    "from power models to architecture search.",
    "Naveen Verma": "Professor at Princeton University working on in-memory computing and "
    "sensing systems.",
    "Zhiru Zhang": "Associate professor at Cornell University working on accelerators, "
    "high-level synthesis and algorithm-hardware co-design.",
    "Bita Rouhani": "Works at Microsoft on cloud-scale neural network processors and "
    "numeric formats for inference.",
    "Jinwon Lee": "Works at Qualcomm on efficient on-device AI.",
    "Torsten Hoefler": "Professor at ETH Zurich working on high-performance computing and "
    "efficient large models.",
    "Jonathan Frankle": "Studies why neural networks train the way they do and how to make "
    "training cheaper.",
    "Tien-Ju Yang": "Research scientist at Google working on efficient on-device learning.",
    "Zhenman Fang": "Assistant professor at Simon Fraser University working on FPGA "
    "accelerators and hardware/software co-design.",
    "Divya Mahajan": "Works on systems for training large recommendation and language models.",
    "Fanny Nina Paravecino": "Works at Microsoft on AI infrastructure and efficient inference.",
}

# --- 2019 ----------------------------------------------------------------------------------
# (kind, session title, minutes, [(title, [(name, affiliation-line)], abstract)])

# The page announces Yann LeCun's talk as "Grand Keynote" with no title: it stays untitled.
KEYNOTES_2019 = [
    (
        "",
        [("Yann LeCun", "New York University and Facebook")],
        "A look at where learning systems are heading and what that means for the hardware "
        "that has to run them.",
    ),
    (
        "Cheap, Fast, and Low Power Deep Learning: I need it now!",
        [("Edward Delp", "Purdue University")],
        "Field projects in farming, health monitoring and surveillance show why deep learning "
        "at the edge has to become cheaper and less power hungry before it can be deployed.",
    ),
    (
        "Efficient Computing for AI and Robotics",
        [("Vivienne Sze", "MIT")],
        "How designing algorithms and hardware together cuts the energy of vision, navigation "
        "and mapping on small robots, by exploiting sparsity and reducing data movement.",
    ),
]

INVITED_2019_MORNING = [
    (
        "Adaptive Multi-Task Neural Networks for Efficient Inference",
        [("Rogerio Feris", "IBM Research")],
        "Networks that decide per input and per task which layers to run, so easy inputs "
        "cost less and related tasks share features.",
    ),
    (
        "Efficient Algorithms to Accelerate Deep Learning on Edge Devices",
        [("Song Han", "MIT")],
        "Automated search for small models, channel pruning and mixed-precision quantization "
        "tailored to each hardware target.",
    ),
    (
        "Abandoning the Dark Arts: New Directions in Efficient DNN Design",
        [("Kurt Keutzer", "UC Berkeley")],
        "Replacing hand tuning with systematic design methods for compact networks.",
    ),
]

INVITED_2019_AFTERNOON = [
    (
        "Putting the “Machine” Back in Machine Learning: The Case for Hardware-ML Model Co-design",
        [("Diana Marculescu", "Carnegie Mellon University")],
        "Accurate power and latency models of neural networks make hardware-aware "
        "architecture search practical, and quantization finishes the job.",
    ),
    (
        "Advances and Prospects for In-memory Computing",
        [("Naveen Verma", "Princeton University")],
        "What in-memory computing gains over digital accelerators, what it costs, and how to "
        "make it usable at scale.",
    ),
    (
        "Algorithm-Accelerator Co-Design for Neural Network Specialization",
        [("Zhiru Zhang", "Cornell University")],
        "Pruning, input-dependent channel gating and outlier-aware quantization, each designed "
        "together with the accelerator that runs it.",
    ),
]

INVITED_2019_LATE = [
    (
        "Configurable Cloud-Scale DNN Processor for Real-Time AI",
        [("Bita Rouhani", "Microsoft")],
        "A configurable processor that serves neural networks in the cloud at low latency.",
    ),
    (
        "Invited Talk: Efficient AI on Device",
        [("Jinwon Lee", "Qualcomm")],
        "Notes from bringing neural networks to phones within tight power budgets.",
    ),
]


def _authors(names: str, affiliation: str) -> list[tuple[str, str]]:
    parts = [n.strip().rstrip(".") for n in names.replace(" and ", ", ").split(",")]
    return [(n, affiliation) for n in parts if n]


PAPERS_1_2019 = [
    (
        "AutoSlim: Towards One-Shot Architecture Search for Channel Numbers",
        "Jiahui Yu and Thomas Huang",
        "University of Illinois at Urbana-Champaign",
        "Finds how many channels each layer needs by training one slimmable network once.",
    ),
    (
        "YOLO Nano: a Highly Compact You Only Look Once Convolutional Neural Network for "
        "Object Detection",
        "Alexander Wong, Mahmoud Famuori, Mohammad Javad Shafiee, Francis Li, Brendan Chwyl and "
        "Jonathan Chung",
        "University of Waterloo and DarwinAI Corp",
        "A very small single-shot detector designed for embedded devices.",
    ),
    (
        "Progressive Stochastic Binarization of Deep Networks",
        "David Hartmann and Michael Wand",
        "Johannes Gutenberg-University of Mainz",
        "Binarizes weights stochastically and progressively so accuracy can be traded for "
        "compute at run time.",
    ),
    (
        "Exploring Bit-Slice Sparsity in Deep Neural Networks for Efficient ReRAM-Based Deployment",
        "Jingyang Zhang, Huanrui Yang, Fan Chen, Yitu Wang and Hai Li",
        "Duke University and Fudan University",
        "Encourages zeros at the level of bit slices to cut the cost of ReRAM crossbars.",
    ),
    (
        "Trained Rank Pruning for Efficient Deep Neural Networks",
        "Yuhui Xu, Yuxi Li, Shuai Zhang, Wei Wen, Botao Wang, Wenrui Dai, Yingyong Qi, "
        "Yiran Chen, Weiyao Lin and Hongkai Xiong",
        "",
        "Low-rank approximation folded into training so the final network is low rank "
        "without a separate fine-tuning stage.",
    ),
    (
        "Q8BERT: Quantized 8Bit BERT",
        "Ofir Zafrir, Guy Boudoukh, Peter Izsak and Moshe Wasserblat",
        "Intel AI Lab",
        "Quantization-aware training brings BERT to 8-bit integers with little loss.",
    ),
    (
        "Improving Efficiency in Neural Network Accelerator using Operands Hamming Distance "
        "Optimization",
        "Meng Li, Yilei Li, Pierce Chuang, Liangzhen Lai and Vikas Chandra",
        "Facebook",
        "Reorders operands to reduce bit toggling, and thus energy, in accelerator datapaths.",
    ),
]

POSTERS_1_2019 = [
    (
        "Bit Efficient Quantization for Deep Neural Networks",
        "Prateeth Nayak, David Zhang and Sek Chai",
        "SRI International and Latent AI",
        "A study of how few bits each layer really needs.",
    ),
    (
        "Supported-BinaryNet: Bitcell Array-based Weight Supports for Dynamic Accuracy-Latency "
        "Trade-offs in SRAM-based Binarized Neural Network",
        "Shamma Nasrin, Srikanth Ramakrishna, Theja Tulabandhula and Amit Trivedi",
        "University of Illinois at Chicago",
        "SRAM bitcell arrays that let a binarized network trade accuracy for latency on the fly.",
    ),
    (
        "Dynamic Channel Execution: on-device Learning Method for Finding Compact Networks",
        "Simeon Spasov and Pietro Lio",
        "University of Cambridge",
        "Learns on the device which channels to keep executing.",
    ),
    (
        "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter",
        "Victor Sanh, Lysandre Debut, Julien Chaumond and Thomas Wolf",
        "Hugging Face",
        "Knowledge distillation during pre-training gives a much smaller BERT that keeps most "
        "of its accuracy.",
    ),
    (
        "QPyTorch: A Low-Precision Arithmetic Simulation Framework",
        "Tianyi Zhang, Zhiqiu Lin, Guandao Yang and Christopher De Sa.",
        "Cornell University",
        "A PyTorch library that simulates low-precision number formats for training research.",
    ),
    (
        "Separable Convolutions for Multiscale Dense Networks for Efficient Anytime Image "
        "Classification",
        "Sven Peter, Nasim Rahaman, Ferran Diego and Fred Hamprecht",
        "Heidelberg University and Telefonica Research",
        "Cheaper anytime classifiers by using separable convolutions in multiscale dense networks.",
    ),
]

PAPERS_2_2019 = [
    (
        "Training Compact Models for Low Resource Entity Tagging using Pre-trained Language Models",
        "Peter Izsak, Shira Guskin and Moshe Wasserblat",
        "Intel AI Lab",
        "Distils large language models into small taggers for settings with little data.",
    ),
    (
        "Algorithm-hardware Co-design for Deformable Convolution",
        "Qijing Huang, Dequan Wang, Yizhao Gao, Yaohui Cai, Zhen Dong, Bichen Wu, Kurt Keutzer "
        "and John Wawrzynek",
        "UC Berkeley, Peking University and University of Chinese Academy of Science",
        "Makes deformable convolution friendly to FPGA accelerators.",
    ),
    (
        "Instant Quantization of Neural Networks using Monte Carlo Methods",
        "Gonçalo Mordido, Matthijs Van Keirsbilck and Alexander Keller",
        "Hasso Plattner Institute and NVIDIA",
        "Quantizes trained networks by importance sampling, without retraining.",
    ),
    (
        "Spoken Language Understanding on the Edge",
        "Alaa Saade, Alice Coucke, Alexandre Caulier, Joseph Dureau, Adrien Ball, Théodore "
        "Bluche, David Leroy, Clément Doumouro, Thibault Gisselbrecht, Francesco Caltagirone, "
        "Thibaut Lavril and Maël Primet",
        "Snips",
        "A voice assistant pipeline that runs entirely on small devices.",
    ),
    (
        "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter",
        "Victor Sanh, Lysandre Debut, Julien Chaumond and Thomas Wolf",
        "Hugging Face",
        "Knowledge distillation during pre-training gives a much smaller BERT that keeps most "
        "of its accuracy.",
    ),
    (
        "Energy-Aware Neural Architecture Optimization With Splitting Steepest Descent",
        "Dilin Wang, Lemeng Wu, Meng Li, Vikas Chandra and Qiang Liu",
        "UT Austin and Facebook",
        "Grows networks by splitting neurons where it pays off, with energy in the objective.",
    ),
    (
        "Doubly Sparse: Sparse Mixture of Sparse Experts for Efficient Softmax Inference",
        "Shun Liao, Ting Chen, Tian Lin, Denny Zhou and Chong Wang",
        "University of Toronto, Google and ByteDance",
        "A sparse mixture of sparse experts makes large-vocabulary softmax much cheaper.",
    ),
]

POSTERS_2_2019 = [
    (
        "Pushing the limits of RNN Compression",
        "Urmish Thakker, Igor Fedorov, Jesse Beu, Dibakar Gope, Chu Zhou, Ganesh Dasika and "
        "Matthew Mattina",
        "Arm ML Research and AMD Research",
        "Kronecker products compress recurrent networks far beyond pruning.",
    ),
    (
        "On hardware-aware probabilistic frameworks for resource constrained embedded applications",
        "Laura Isabel Galindez Olascoaga, Wannes Meert, Nimish Shah, Guy Van den Broeck and "
        "Marian Verhelst",
        "KU Leuven, and UCLA",
        "Probabilistic models whose inference cost is tuned to the embedded hardware.",
    ),
    (
        "Neural Networks Weights Quantization: Target None-retraining Ternary (TNT)",
        "Tianyu Zhang, Lei Zhu, Qian Zhao and Kilho Shin",
        "WeBank, Harbin Engineering University, University of Hyogo and Gakushuin University",
        "Ternary weights obtained directly from a trained network, without retraining.",
    ),
    (
        "Regularized Binary Network Training",
        "Sajad Darabi, Mouloud Belbahri, Matthieu Courbariaux and Vahid Partovi Nia",
        "UCLA, Université de Montréal and Huawei",
        "A regularizer that eases the training of binary networks.",
    ),
    (
        "Neuron ranking – an informed way to condense convolutional neural networks architecture",
        "Kamil Adamczewski and Mijung Park",
        "Max Planck Institute for Intelligent Systems",
        "Ranks neurons by their importance to decide what to remove.",
    ),
    (
        "Fully Quantized Transformer for Improved Translation",
        "Gabriele Prato, Ella Charlaix and Mehdi Rezagholizadeh",
        "Université de Montréal and Huawei",
        "A Transformer quantized end to end that translates as well as the full-precision one.",
    ),
]

MARCULESCU_RECORDING = (
    "https://slideslive.com/search?q=Putting+the+Machine+Back+in+Machine+Learning"
)

# --- 2023 ----------------------------------------------------------------------------------

PAPERS_2023 = [
    (
        "Enabling Faster Vision Transformers via Soft Token Pruning",
        "Zhenglun Kong",
        "Drops unimportant tokens softly as they flow through a vision transformer.",
    ),
    (
        "TangoBERT: A Cascaded Architecture for Reduced Inference Cost",
        "Jonathan Mamou",
        "A small model answers the easy inputs and passes only hard ones to a large one.",
    ),
    (
        "MBR-Sim: A Speed-of-Light Model to Explore Machine Learning Accelerator Architectures",
        "Ben Maydan",
        "An analytical upper bound on accelerator performance for fast design exploration.",
    ),
    (
        "Input-length-shortening and text generation via attention values",
        "Michael Witbrock",
        "Uses attention scores to shorten inputs before generation.",
    ),
    (
        "Block Format Error Bounds and Optimal Block Size Selection",
        "Ilya Soloveychik",
        "Bounds on the error of block number formats and how to pick the block size.",
    ),
]

LIGHTNING_2023 = [
    (
        "Pruning Compact ConvNets For Efficient Inference",
        "Karthik Prasad",
        "Pruning still pays off on networks that were designed to be small.",
    ),
    (
        "A Reinforcement Learning Based Compiler Framework For In-Memory Compute Accelerator",
        "Tristan Trouwen",
        "A learned compiler that maps networks onto in-memory compute tiles.",
    ),
]

PANELISTS_2023 = [
    ("Jonathan Frankle", "MosaicML", "Chief Scientist, MosaicML"),
    ("Sudeep Bhoja", "d-Matrix", "CTO, d-Matrix"),
    ("Russel Hewitt", "Microsoft", "Senior SW Engineer, Microsoft"),
    ("David Kanter", "MLCommons", "Executive Director, MLCommons"),
]


# --- builders ------------------------------------------------------------------------------


def _person(name: str, affiliation: str) -> Person:
    # Same name = same person across editions in the demo (affiliations change over time;
    # the edition's own line is kept on the speaker row).
    person = Person.objects.filter(name=name).order_by("pk").first()
    if person is None:
        person = person_get_or_create(name=name, affiliation=affiliation)
    if name in BIOS and not person.bio:
        person.bio = BIOS[name]
        person.save(update_fields=["bio"])
    return person


def _room(edition: Edition, name: str, order: int, capacity=None) -> Room:
    room, _ = Room.objects.update_or_create(
        edition=edition, name=name, defaults={"order": order, "capacity": capacity}
    )
    return room


def _session(edition, room, kind, title, start, end, chair=None) -> Session:
    # Keyed by title and start: the 2023 page has two sessions called "Break".
    session, _ = Session.objects.update_or_create(
        edition=edition,
        title=title,
        start=start,
        defaults={"kind": kind, "room": room, "end": end, "chair": chair},
    )
    return session


def _item(session, order, title, speakers, *, abstract="", kind=ItemKind.TALK, span=None, **kw):
    """``speakers``: [(name, affiliation line, role, role line)]."""
    start, end = span or (None, None)
    item, _ = Item.objects.update_or_create(
        edition=session.edition,
        session=session,
        title=title,
        defaults={
            "kind": kind,
            "order": order,
            "abstract": abstract,
            "start": start,
            "end": end,
            **kw,
        },
    )
    wanted = []
    for i, (name, affiliation, role, role_line) in enumerate(speakers):
        person = _person(name, affiliation)
        wanted.append(person.pk)
        ItemSpeaker.objects.update_or_create(
            item=item, person=person, defaults={"order": i, "role": role, "role_line": role_line}
        )
    item.speakers.exclude(person_id__in=wanted).delete()
    return item


def _paper_rows(rows):
    for row in rows:
        title, names, affiliation, abstract = row
        yield (
            title,
            [(n, a, SpeakerRole.AUTHOR, a) for n, a in _authors(names, affiliation)],
            abstract,
        )


def _load_2019(edition: Edition) -> None:
    tz = edition.tz
    day = dt.date(2019, 12, 13)

    def t(hh, mm=0):
        return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=tz)

    main = _room(edition, "Workshop room", 0)
    posters = _room(edition, "Poster area", 1)

    _session(edition, main, SessionKind.OPENING, "Welcome and Opening Remarks", t(8), t(8, 10))
    clock = t(8, 10)
    for i, (title, people, abstract) in enumerate(KEYNOTES_2019):
        end = clock + dt.timedelta(minutes=40)
        grand = i == 0
        label = "Grand Keynote" if grand else f"Keynote: {people[0][0]}"
        s = _session(edition, main, SessionKind.KEYNOTE, label, clock, end)
        _item(
            s,
            0,
            title,
            [(n, a, SpeakerRole.SPEAKER, a) for n, a in people],
            abstract=abstract,
            label="Grand Keynote" if grand else "",
        )
        clock = end
    _session(edition, main, SessionKind.BREAK, "Morning Break", clock, t(10, 30))

    def invited(block, start):
        clock = start
        for title, people, abstract in block:
            end = clock + dt.timedelta(minutes=30)
            s = _session(
                edition, main, SessionKind.INVITED, f"Invited Talk: {people[0][0]}", clock, end
            )
            extra = {}
            if people[0][0] == "Diana Marculescu":
                extra["recording_url"] = MARCULESCU_RECORDING
            _item(
                s,
                0,
                title,
                [(n, a, SpeakerRole.SPEAKER, a) for n, a in people],
                abstract=abstract,
                **extra,
            )
            clock = end
        return clock

    clock = invited(INVITED_2019_MORNING, t(10, 30))
    _session(edition, main, SessionKind.LUNCH, "Lunch Break", clock, t(13, 30))

    def timed_papers(title, rows, start, minutes=12):
        # No talk times: the page gives the order of the talks only.
        end = start + dt.timedelta(minutes=minutes * len(rows) + 1)
        s = _session(edition, main, SessionKind.PAPERS, title, start, end)
        for i, (ptitle, speakers, abstract) in enumerate(_paper_rows(rows)):
            _item(s, i, ptitle, speakers, abstract=abstract)
        return end

    def poster_session(title, rows, start, end, first_board):
        s = _session(edition, posters, SessionKind.POSTERS, title, start, end)
        for i, (ptitle, speakers, abstract) in enumerate(_paper_rows(rows)):
            _item(
                s,
                i,
                ptitle,
                speakers,
                abstract=abstract,
                kind=ItemKind.POSTER,
                board=str(first_board + i),
            )

    poster_session("Poster Session #1", POSTERS_1_2019, t(12, 30), t(13, 30), 1)
    clock = timed_papers("Paper Session #1", PAPERS_1_2019, t(13, 30))
    clock = invited(INVITED_2019_AFTERNOON, t(15, 0))
    _session(edition, main, SessionKind.BREAK, "Afternoon Break", clock, t(16, 45))
    poster_session("Poster Session #2", POSTERS_2_2019, t(16, 30), t(17, 15), 7)
    clock = timed_papers("Paper Session #2", PAPERS_2_2019, t(16, 45))
    clock = invited(INVITED_2019_LATE, clock + dt.timedelta(minutes=4))
    _session(
        edition,
        main,
        SessionKind.CLOSING,
        "Closing Remarks",
        clock,
        clock + dt.timedelta(minutes=5),
    )
    # The times above only keep the page's order (see the module docstring).
    Session.objects.filter(edition=edition).update(times_tba=True)


def _load_2023(edition: Edition) -> None:
    tz = edition.tz
    day = dt.date(2023, 2, 14)

    def t(hh, mm=0):
        return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=tz)

    main = _room(edition, "146A", 0)
    posters = _room(edition, "Poster area", 1)

    def single(kind, title, start, end, talk, name, aff, abstract):
        s = _session(edition, main, kind, title, start, end)
        _item(s, 0, talk, [(name, aff, SpeakerRole.SPEAKER, aff)], abstract=abstract)
        return s

    single(
        SessionKind.OPENING,
        "Welcome",
        t(8, 30),
        t(8, 45),
        "Welcome and Opening Remarks",
        "Fanny Nina Paravecino",
        "Microsoft",
        "The organizers open the day and introduce the program.",
    )
    single(
        SessionKind.KEYNOTE,
        "Keynote: Diana Marculescu",
        t(8, 45),
        t(9, 45),
        "Efficient Learning in Single- and Multi-Modal Vision Transformers",
        "Diana Marculescu",
        "UT Austin",
        "Ways to make vision transformers, alone and combined with other modalities, cheaper "
        "to train and to run.",
    )
    single(
        SessionKind.INVITED,
        "Invited Talk: Torsten Hoefler",
        t(9, 45),
        t(10, 15),
        "Efficient transformers - From supercomputers to smartphones",
        "Torsten Hoefler",
        "ETH Zurich",
        "The same transformer ideas at both ends of the scale, and what efficiency means at each.",
    )
    single(
        SessionKind.INVITED,
        "Invited Talk: Jonathan Frankle",
        t(10, 15),
        t(10, 45),
        "Faster Neural Network Training, Algorithmically",
        "Jonathan Frankle",
        "Mosaic ML",
        "Training recipes, rather than new hardware, that cut the cost of training.",
    )
    _session(edition, main, SessionKind.BREAK, "Break", t(10, 45), t(10, 55))

    s = _session(edition, main, SessionKind.PAPERS, "Paper Session #1", t(10, 55), t(12, 10))
    for i, (title, name, abstract) in enumerate(PAPERS_2023):
        start = t(10, 55) + dt.timedelta(minutes=15 * i)
        _item(
            s,
            i,
            title,
            [(name, "", SpeakerRole.SPEAKER, "")],
            abstract=abstract,
            span=(start, start + dt.timedelta(minutes=15)),
        )
    s = _session(edition, main, SessionKind.LIGHTNING, "Lightning Session #1", t(12, 10), t(12, 30))
    for i, (title, name, abstract) in enumerate(LIGHTNING_2023):
        start = t(12, 10) + dt.timedelta(minutes=10 * i)
        _item(
            s,
            i,
            title,
            [(name, "", SpeakerRole.SPEAKER, "")],
            abstract=abstract,
            span=(start, start + dt.timedelta(minutes=10)),
        )
    _session(edition, posters, SessionKind.POSTERS, "Poster Session #1", t(12, 5), t(12, 30))
    _session(edition, main, SessionKind.LUNCH, "Lunch Break", t(12, 30), t(14, 0))
    single(
        SessionKind.INVITED,
        "Invited Talk: Tien-Ju Yang",
        t(14, 0),
        t(14, 30),
        "Neural Network Design and Training for Efficient On-Device Learning",
        "Tien-Ju Yang",
        "Google Research",
        "Designing models so that they can keep learning on the device itself.",
    )
    single(
        SessionKind.INVITED,
        "Invited Talk: Zhenman Fang",
        t(14, 30),
        t(15, 0),
        "Hardware/Software Codesign to Accelerate Vision Transformers on FPGAs",
        "Zhenman Fang",
        "Simon Fraser University",
        "An FPGA accelerator and a matching model design for vision transformers.",
    )
    _session(edition, main, SessionKind.BREAK, "Break", t(15, 0), t(15, 15))
    single(
        SessionKind.KEYNOTE,
        "Keynote: Song Han",
        t(15, 15),
        t(16, 15),
        "On-Device Training under 256KB Memory",
        "Song Han",
        "MIT",
        "Training on microcontrollers by co-designing the training algorithm and the runtime.",
    )
    single(
        SessionKind.INVITED,
        "Invited Talk: Divya Mahajan",
        t(16, 15),
        t(16, 45),
        "Accelerating Recommender Model Training by Leveraging Popular Choices",
        "Divya Mahajan",
        "Microsoft",
        "Caching the embeddings of popular items speeds up recommender training.",
    )
    moderator = _person("Satyam Srivastava", "")
    panel = _session(edition, main, SessionKind.PANEL, "Panel", t(16, 45), t(17, 45), moderator)
    _item(
        panel,
        0,
        "ML ASIC, how specific is too specific?",
        [("Satyam Srivastava", "", SpeakerRole.MODERATOR, "Moderator")]
        + [(n, a, SpeakerRole.PANELIST, line) for n, a, line in PANELISTS_2023],
        kind=ItemKind.PANEL,
        abstract="How far should machine learning chips specialize before they stop keeping up "
        "with the models?",
    )
    _session(edition, main, SessionKind.CLOSING, "Close", t(17, 45), t(17, 55))


def _load_draft(edition: Edition) -> None:
    """The 2027 demo edition: a small unpublished draft to try the editor on."""
    tz = edition.tz
    day = edition.start_date

    def t(hh, mm=0):
        return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=tz)

    main = _room(edition, "Main hall", 0, capacity=200)
    _room(edition, "Poster area", 1)
    _session(edition, main, SessionKind.OPENING, "Welcome", t(9), t(9, 15))
    _session(edition, main, SessionKind.KEYNOTE, "Opening Keynote", t(9, 15), t(10, 15))
    for title in ("A waiting invited talk", "Another talk to schedule"):
        Item.objects.get_or_create(
            edition=edition,
            title=title,
            defaults={"abstract": "Drag me into a session in the schedule editor."},
        )


def _link_papers(edition: Edition) -> None:
    """Link demo talks and posters to the accepted papers of the same title (papers' demo
    creates them), so paper pages show where each paper is presented."""
    by_title = {p.title.casefold(): p for p in papers_accepted(edition=edition)}
    linked = set(
        Item.objects.filter(edition=edition, paper__isnull=False).values_list("paper_id", flat=True)
    )
    for item in Item.objects.filter(edition=edition, paper__isnull=True):
        paper = by_title.get(item.title.casefold())
        if paper is not None and paper.pk not in linked:
            item.paper = paper
            item.save(update_fields=["paper"])
            linked.add(paper.pk)


def _publish(edition: Edition, stdout) -> None:
    try:
        release = release_publish(edition=edition, note="Demo program.")
    except ProgramError:
        return  # nothing changed since the last release
    stdout.write(f"  program of {edition.slug}: release {release.number}")


def load(*, stdout) -> None:
    editions = {e.slug: e for e in Edition.objects.filter(slug__in=["2019-neurips", "2023-aaai"])}
    if "2019-neurips" in editions:
        _load_2019(editions["2019-neurips"])
        _link_papers(editions["2019-neurips"])
        _publish(editions["2019-neurips"], stdout)
    if "2023-aaai" in editions:
        _load_2023(editions["2023-aaai"])
        _publish(editions["2023-aaai"], stdout)
    draft = Edition.objects.filter(slug="2027-demo").first()
    if draft is not None:
        _load_draft(draft)
    _load_publications(editions, stdout)


VOLUME_2019 = {
    "title": "Proceedings of the 5th Workshop on Energy Efficient Machine Learning and "
    "Cognitive Computing (EMC2 2019)",
    "short_title": "EMC2 2019",
    "editors": "Demo Chair\nSecond Editor",
    "publisher": "EMC2 workshop series (demo data)",
    "copyright": "Copyright of each paper stays with its authors. Demo data, not a real volume.",
    "preface": "Welcome to the demo proceedings.\n\nThis volume collects the accepted papers "
    "of the workshop in program order. It is **built from demo data** and has no ISBN.",
    "published": True,
}


def _load_publications(editions: dict, stdout) -> None:
    """A volume for 2019 (left unbuilt: the demo papers of 2019 have no PDFs) and program
    booklets of 2019 and 2023, queued as background builds (run after the demo commits)."""
    from program.enums import BuildKind
    from program.proceedings.exceptions import ProceedingsError
    from program.publish.services import build_request, volume_save

    if "2019-neurips" in editions:
        volume_save(edition=editions["2019-neurips"], **VOLUME_2019)
    for edition in editions.values():
        try:
            _build, queued = build_request(edition=edition, kind=BuildKind.BOOKLET)
        except ProceedingsError as exc:
            stdout.write(f"  booklet of {edition.slug}: not built ({exc})")
            continue
        stdout.write(f"  booklet of {edition.slug}: {'queued' if queued else 'up to date'}")

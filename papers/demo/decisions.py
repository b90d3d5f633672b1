"""Demo decisions.

2019-neurips: the papers and posters of the 2019 workshop page (titles, authors and
affiliations are facts from it; the abstracts are written for the demo), accepted as oral
(paper sessions) or poster, released, with a published accepted-papers page and a small
camera-ready PDF each. 2027-demo: two decisions recorded but not released. Idempotent.

Authors are linked to existing Persons by name (program's demo creates the same people) and
only created through emc2.services.person_get_or_create when missing.
"""

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from emc2.models import Edition, Person, User
from emc2.services import person_get_or_create
from papers.enums import Decision, FileKind, PaperStatus
from papers.models import Author, Paper, PaperDecision, PaperFile, SubmissionType
from papers.selectors import papers_settings_get
from papers.services import decision_record, decisions_release, papers_settings_update
from papers.validators import sha256_of

# (title, "A, B and C", affiliation line, abstract)
ORALS_2019 = [
    ("AutoSlim: Towards One-Shot Architecture Search for Channel Numbers",
     "Jiahui Yu and Thomas Huang", "University of Illinois at Urbana-Champaign",
     "One slimmable network, trained once, tells how many channels each layer needs."),
    ("YOLO Nano: a Highly Compact You Only Look Once Convolutional Neural Network for Object "
     "Detection",
     "Alexander Wong, Mahmoud Famuori, Mohammad Javad Shafiee, Francis Li, Brendan Chwyl and "
     "Jonathan Chung", "University of Waterloo and DarwinAI Corp",
     "A single-shot object detector small enough for embedded boards."),
    ("Progressive Stochastic Binarization of Deep Networks",
     "David Hartmann and Michael Wand", "Johannes Gutenberg-University of Mainz",
     "Weights binarized stochastically and step by step, so compute can be traded for "
     "accuracy at run time."),
    ("Exploring Bit-Slice Sparsity in Deep Neural Networks for Efficient ReRAM-Based Deployment",
     "Jingyang Zhang, Huanrui Yang, Fan Chen, Yitu Wang and Hai Li",
     "Duke University and Fudan University",
     "Training that favours zero bit slices lowers the cost of ReRAM crossbars."),
    ("Trained Rank Pruning for Efficient Deep Neural Networks",
     "Yuhui Xu, Yuxi Li, Shuai Zhang, Wei Wen, Botao Wang, Wenrui Dai, Yingyong Qi, Yiran Chen, "
     "Weiyao Lin and Hongkai Xiong", "",
     "Low-rank structure learned during training instead of imposed afterwards."),
    ("Q8BERT: Quantized 8Bit BERT",
     "Ofir Zafrir, Guy Boudoukh, Peter Izsak and Moshe Wasserblat", "Intel AI Lab",
     "Quantization-aware training takes BERT to 8-bit integers with little loss."),
    ("Improving Efficiency in Neural Network Accelerator using Operands Hamming Distance "
     "Optimization",
     "Meng Li, Yilei Li, Pierce Chuang, Liangzhen Lai and Vikas Chandra", "Facebook",
     "Reordering operands cuts bit toggles, and with them the energy of the datapath."),
    ("Training Compact Models for Low Resource Entity Tagging using Pre-trained Language Models",
     "Peter Izsak, Shira Guskin and Moshe Wasserblat", "Intel AI Lab",
     "Small taggers distilled from large language models for settings with little data."),
    ("Algorithm-hardware Co-design for Deformable Convolution",
     "Qijing Huang, Dequan Wang, Yizhao Gao, Yaohui Cai, Zhen Dong, Bichen Wu, Kurt Keutzer and "
     "John Wawrzynek",
     "UC Berkeley, Peking University and University of Chinese Academy of Science",
     "Deformable convolution reshaped so that an FPGA accelerator can run it well."),
    ("Instant Quantization of Neural Networks using Monte Carlo Methods",
     "Gonçalo Mordido, Matthijs Van Keirsbilck and Alexander Keller",
     "Hasso Plattner Institute and NVIDIA",
     "Importance sampling quantizes a trained network without any retraining."),
    ("Spoken Language Understanding on the Edge",
     "Alaa Saade, Alice Coucke, Alexandre Caulier, Joseph Dureau, Adrien Ball, Théodore Bluche, "
     "David Leroy, Clément Doumouro, Thibault Gisselbrecht, Francesco Caltagirone, Thibaut "
     "Lavril and Maël Primet", "Snips",
     "A voice assistant whose whole pipeline runs on a small device."),
    ("DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter",
     "Victor Sanh, Lysandre Debut, Julien Chaumond and Thomas Wolf", "Hugging Face",
     "Distillation during pre-training yields a much smaller BERT that keeps most of its "
     "accuracy."),
    ("Energy-Aware Neural Architecture Optimization With Splitting Steepest Descent",
     "Dilin Wang, Lemeng Wu, Meng Li, Vikas Chandra and Qiang Liu", "UT Austin and Facebook",
     "Networks grown by splitting neurons where it helps, with energy in the objective."),
    ("Doubly Sparse: Sparse Mixture of Sparse Experts for Efficient Softmax Inference",
     "Shun Liao, Ting Chen, Tian Lin, Denny Zhou and Chong Wang",
     "University of Toronto, Google and ByteDance",
     "A sparse mixture of sparse experts makes a large-vocabulary softmax cheap."),
]  # fmt: skip

POSTERS_2019 = [
    ("Bit Efficient Quantization for Deep Neural Networks",
     "Prateeth Nayak, David Zhang and Sek Chai", "SRI International and Latent AI",
     "How few bits each layer really needs, measured layer by layer."),
    ("Supported-BinaryNet: Bitcell Array-based Weight Supports for Dynamic Accuracy-Latency "
     "Trade-offs in SRAM-based Binarized Neural Network",
     "Shamma Nasrin, Srikanth Ramakrishna, Theja Tulabandhula and Amit Trivedi",
     "University of Illinois at Chicago",
     "SRAM bitcell arrays that let a binarized network trade accuracy for latency."),
    ("Dynamic Channel Execution: on-device Learning Method for Finding Compact Networks",
     "Simeon Spasov and Pietro Lio", "University of Cambridge",
     "The device learns which channels are worth executing."),
    ("QPyTorch: A Low-Precision Arithmetic Simulation Framework",
     "Tianyi Zhang, Zhiqiu Lin, Guandao Yang and Christopher De Sa", "Cornell University",
     "Simulated low-precision number formats for training research in PyTorch."),
    ("Separable Convolutions for Multiscale Dense Networks for Efficient Anytime Image "
     "Classification",
     "Sven Peter, Nasim Rahaman, Ferran Diego and Fred Hamprecht",
     "Heidelberg University and Telefonica Research",
     "Separable convolutions make anytime multiscale dense classifiers cheaper."),
    ("Pushing the limits of RNN Compression",
     "Urmish Thakker, Igor Fedorov, Jesse Beu, Dibakar Gope, Chu Zhou, Ganesh Dasika and "
     "Matthew Mattina", "Arm ML Research and AMD Research",
     "Kronecker products compress recurrent networks further than pruning does."),
    ("On hardware-aware probabilistic frameworks for resource constrained embedded applications",
     "Laura Isabel Galindez Olascoaga, Wannes Meert, Nimish Shah, Guy Van den Broeck and "
     "Marian Verhelst", "KU Leuven, and UCLA",
     "Probabilistic models whose inference cost is tuned to the hardware."),
    ("Neural Networks Weights Quantization: Target None-retraining Ternary (TNT)",
     "Tianyu Zhang, Lei Zhu, Qian Zhao and Kilho Shin",
     "WeBank, Harbin Engineering University, University of Hyogo and Gakushuin University",
     "Ternary weights taken straight from a trained network."),
    ("Regularized Binary Network Training",
     "Sajad Darabi, Mouloud Belbahri, Matthieu Courbariaux and Vahid Partovi Nia",
     "UCLA, Université de Montréal and Huawei",
     "A regularizer that makes binary networks easier to train."),
    ("Neuron ranking – an informed way to condense convolutional neural networks architecture",
     "Kamil Adamczewski and Mijung Park", "Max Planck Institute for Intelligent Systems",
     "Neurons ranked by importance decide what a network can lose."),
    ("Fully Quantized Transformer for Improved Translation",
     "Gabriele Prato, Ella Charlaix and Mehdi Rezagholizadeh",
     "Université de Montréal and Huawei",
     "A Transformer quantized end to end that translates as well as the full one."),
]  # fmt: skip

# 2027-demo: (title of a demo submission, decision), recorded, not released.
PENDING_2027 = [
    ("Four-bit weights without retraining: a calibration study", Decision.ORAL),
    ("A compiler pass that fuses dequantization into matmul", Decision.POSTER),
]


def _names(line: str) -> list[str]:
    parts = [n.strip().rstrip(".") for n in line.replace(" and ", ", ").split(",")]
    return [n for n in parts if n]


def _person(name: str, affiliation: str) -> Person:
    # Same name = same person in the demo (program's demo matches people the same way).
    return Person.objects.filter(name=name).order_by("pk").first() or person_get_or_create(
        name=name, affiliation=affiliation
    )


def _paper_2019(edition, submission_type, chair, title, names, affiliation, abstract, decision):
    paper, _ = Paper.objects.update_or_create(
        edition=edition,
        title=title,
        defaults={
            "abstract": abstract,
            "submission_type": submission_type,
            "status": PaperStatus.SUBMITTED,
            "submitted_at": timezone.now(),
        },
    )
    for order, name in enumerate(_names(names), start=1):
        person = _person(name, affiliation)
        email = person.email or f"{slugify(name)}@authors.emc2.example"
        Author.objects.update_or_create(
            paper=paper,
            order=order,
            defaults={
                "name": name,
                "email": email,
                "affiliation": affiliation,
                "person": person,
                "is_contact": order == 1,
            },
        )
    pending = PaperDecision.objects.filter(paper=paper).first()
    if pending is None or pending.decision != decision:
        decision_record(paper=paper, by=chair, decision=decision)
    if not paper.files.filter(kind=FileKind.CAMERA_READY).exists():
        from papers.demo import tiny_pdf

        data = tiny_pdf(title=title, pages=2, author=_names(names)[0])
        version = PaperFile(
            paper=paper,
            kind=FileKind.CAMERA_READY,
            sha256=sha256_of(data),
            size=len(data),
            page_count=2,
        )
        version.file.save("camera-ready.pdf", ContentFile(data), save=False)
        version.save()
    return paper


def load_decisions_demo(*, stdout) -> None:
    chair = User.objects.filter(email="chair@emc2.example").first()
    e2019 = Edition.objects.filter(slug="2019-neurips").first()
    if e2019 is not None:
        full = SubmissionType.objects.filter(edition=e2019).order_by("order", "pk").first()
        if full is None:
            full = SubmissionType.objects.create(edition=e2019, name="Full paper")
        # Posters first: DistilBERT was both a poster and a talk; the talk wins.
        for rows, decision in ((POSTERS_2019, Decision.POSTER), (ORALS_2019, Decision.ORAL)):
            for title, names, affiliation, abstract in rows:
                _paper_2019(e2019, full, chair, title, names, affiliation, abstract, decision)
        decisions_release(edition=e2019, by=chair)
        papers_settings_update(
            edition=e2019,
            by=chair,
            enabled_decisions=[Decision.ORAL, Decision.POSTER, Decision.REJECT],
            accepted_page_published=True,
        )
        stdout.write(f"papers: {e2019.papers.count()} accepted papers in {e2019.slug}, released")
    demo = Edition.objects.filter(slug="2027-demo").first()
    if demo is not None:
        for title, decision in PENDING_2027:
            paper = Paper.objects.filter(edition=demo, title=title).first()
            if paper is None:
                continue
            pending = PaperDecision.objects.filter(paper=paper).first()
            if pending is None or pending.decision != decision:
                decision_record(paper=paper, by=chair, decision=decision)
        released = papers_settings_get(edition=demo).decisions_released
        stdout.write(f"papers: decisions in {demo.slug} recorded, released={released}")

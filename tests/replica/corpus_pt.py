"""Portuguese stories of the replica (agency copy written for these tests)."""

from __future__ import annotations

from datetime import datetime as dt

from .model import Article, Photo, media_path, paras

_TAP = paras("""
    A comissão parlamentar de inquérito à gestão da TAP ouve esta quarta-feira um antigo
    administrador da companhia aérea, no âmbito da investigação às indemnizações pagas a gestores.

    Os deputados querem esclarecer quem autorizou o pagamento e se a tutela foi informada a tempo.
    "Há contradições que precisam de ser esclarecidas", disse o relator da comissão.

    A audição decorre à porta aberta e deverá prolongar-se pela tarde. A comissão tem até ao final
    de julho para aprovar o relatório final.

    A companhia aérea, que está em processo de privatização, recusou comentar o caso.
""")
_TAP_HEADLINE = "Comissão de inquérito ouve antigo administrador da TAP"
_TAP_PHOTO = Photo(
    media_path("710152", "2024-06"),
    "Um avião da TAP no aeroporto de Lisboa",
    "Patricia DE MELO MOREIRA/AFP",
)

PORTUGUESE: tuple[Article, ...] = (
    Article(
        "710101",
        "Politica",
        "pt",
        "parlamento-aprova-orcamento-do-estado-para-2025",
        "Parlamento aprova Orçamento do Estado para 2025 na generalidade",
        paras("""
            A Assembleia da República aprovou esta quinta-feira na generalidade a proposta de
            Orçamento do Estado para 2025, com os votos favoráveis do partido do Governo e a
            abstenção do maior partido da oposição, que assim viabilizou o documento.

            «Este é um orçamento de estabilidade, que devolve rendimento às famílias sem pôr em
            causa as contas certas», afirmou o ministro das Finanças no encerramento do debate,
            perante um hemiciclo dividido.

            A oposição à esquerda criticou a descida do IRC e acusou o executivo de favorecer as
            grandes empresas. "Quem paga a fatura são os trabalhadores", disse uma deputada.

            A votação final global está marcada para o final de novembro, depois da discussão na
            especialidade, durante a qual os partidos podem apresentar propostas de alteração.
        """),
        "A.Seabra--PC",
        Photo(
            media_path("710101", "2024-10"),
            "Deputados votam a proposta de Orçamento do Estado na Assembleia da República",
            "Patricia DE MELO MOREIRA/AFP",
        ),
        dt(2024, 10, 31, 17, 20),
        dt(2024, 10, 31, 18, 5),
        ("Orçamento", "Parlamento", "Portugal"),
    ),
    Article(
        "710115",
        "Politica",
        "pt",
        "governo-anuncia-aumento-extraordinario-das-pensoes",
        "Governo anuncia aumento extraordinário de 2.5% nas pensões mais baixas",
        paras("""
            O Governo anunciou esta sexta-feira um aumento extraordinário de 2.5% para as pensões
            mais baixas, a pagar a partir de setembro, numa medida que abrange cerca de um milhão
            de reformados.

            A ministra do Trabalho, Solidariedade e Segurança Social explicou em conferência de
            imprensa que o reforço será financiado pelo excedente orçamental do primeiro semestre.

            "Não se trata de um bónus pontual, mas de uma atualização que fica na base de cálculo",
            sublinhou a governante, acrescentando que o custo anual ronda os 400 milhões de euros.

            As associações de reformados saudaram a decisão, mas consideram-na insuficiente face à
            subida dos preços da habitação e da alimentação nos últimos dois anos.

            Os partidos da oposição vão pedir a audição da ministra no Parlamento para esclarecer o
            impacto da medida na sustentabilidade da Segurança Social.
        """),
        "J.Pereira/L.Barros--PC",
        Photo(
            media_path("710115", "2024-07"),
            "Reformados numa esplanada em Lisboa",
            "Patricia DE MELO MOREIRA/AFP/Arquivo",
        ),
        dt(2024, 7, 12, 9, 5),
        None,
        ("Pensões", "Segurança Social", "Governo"),
        variant="figure",
    ),
    Article(
        "710120",
        "Politica",
        "pt",
        "presidente-promulga-lei-da-habitacao-com-reservas",
        "Presidente da República promulga lei da habitação com reservas",
        paras("""
            O Presidente da República promulgou o diploma do Governo sobre habitação, mas deixou
            reservas quanto ao arrendamento coercivo de casas devolutas, segundo uma nota publicada
            no sítio oficial da Presidência.

            Na mensagem, o chefe de Estado considera que a lei «responde a uma urgência social», mas
            alerta para o risco de litígios e de uma aplicação desigual entre municípios.

            O diploma prevê incentivos fiscais para proprietários que coloquem casas no mercado de
            arrendamento a preços acessíveis e limita novas licenças de alojamento local.
        """),
        "M.Costa--PC",
        Photo(media_path("710120", "2024-03"), "O Palácio de Belém, em Lisboa", "Carlos COSTA/AFP"),
        dt(2024, 3, 31, 8, 15),
        None,
        ("Habitação", "Presidência"),
        variant="microdata",
    ),
    Article(
        "710133",
        "Politica",
        "pt",
        "autarquicas-partidos-preparam-listas",
        "Autárquicas: partidos começam a preparar listas em Lisboa e no Porto",
        paras("""
            Os principais partidos iniciaram os contactos para a formação das listas às eleições
            autárquicas do próximo ano, com as candidaturas às câmaras de Lisboa e do Porto no
            centro das atenções.

            Fontes partidárias disseram que as decisões sobre os cabeças de lista só serão tomadas
            depois da aprovação do Orçamento do Estado, para evitar "ruído" nas negociações.

            Em Lisboa, a coligação que governa a autarquia admite repetir o acordo de 2021. No
            Porto, onde o atual presidente não se pode recandidatar, a disputa promete ser mais
            aberta.
        """),
        "R.Fonseca--PC",
        None,
        dt(2024, 9, 18, 14, 30),
        variant="legacy",
    ),
    Article(
        "710140",
        "Politica",
        "pt",
        "europeias-abstencao-recua",
        "Eleições europeias: abstenção recua pela primeira vez em duas décadas",
        paras("""
            A abstenção nas eleições europeias desceu pela primeira vez em duas décadas, de acordo
            com os resultados provisórios divulgados pelo Ministério da Administração Interna.

            Os politólogos ouvidos atribuem a subida da participação à mobilização dos eleitores
            mais jovens e ao voto em mobilidade, que permitiu votar fora da área de residência.

            «É um sinal de vitalidade democrática que não deve ser desperdiçado», comentou um
            investigador do Instituto de Ciências Sociais da Universidade de Lisboa.
        """),
        "L.Barros--PC",
        Photo(
            media_path("710140", "2024-06"),
            "Boletins de voto numa assembleia de voto em Coimbra",
            "Miguel RIOPA/AFP",
        ),
        None,
        None,
        ("Eleições europeias", "Abstenção"),
        variant="figure",
    ),
    Article(
        "710152",
        "Politica",
        "pt",
        "comissao-de-inquerito-ouve-antigo-administrador-da-tap",
        _TAP_HEADLINE,
        _TAP,
        "A.Seabra--PC",
        _TAP_PHOTO,
        dt(2024, 6, 5, 11, 0),
        None,
        ("TAP", "Parlamento", "Aviação"),
    ),
    Article(
        "710399",
        "Politica",
        "pt",
        "antigo-administrador-da-tap-ouvido-no-parlamento",
        _TAP_HEADLINE,
        _TAP,
        "A.Seabra--PC",
        _TAP_PHOTO,
        dt(2024, 6, 6, 8, 30),
        None,
        ("TAP", "Parlamento", "Aviação"),
        variant="microdata",
    ),
    Article(
        "710201",
        "Economia",
        "pt",
        "inflacao-abranda-em-novembro",
        "Inflação abranda para 2,1% em novembro, estima o INE",
        paras("""
            A taxa de inflação homóloga terá abrandado para 2,1% em novembro, menos três décimas do
            que no mês anterior, segundo a estimativa rápida divulgada esta sexta-feira pelo
            Instituto Nacional de Estatística (INE).

            O indicador de inflação subjacente, que exclui os produtos alimentares não transformados
            e os energéticos, manteve-se em 2,6%, refletindo a subida dos preços nos serviços.

            Os preços da energia recuaram 1,4% face ao mesmo mês de 2023, enquanto os produtos
            alimentares não transformados registaram um aumento de 3%.

            Os economistas esperam que a descida das taxas de juro do Banco Central Europeu ajude a
            aliviar as famílias com crédito à habitação a partir do início do próximo ano.
        """),
        "M.Costa--PC",
        Photo(
            media_path("710201", "2024-11"),
            "Um cliente paga compras num supermercado em Lisboa",
            "Patricia DE MELO MOREIRA/AFP",
        ),
        dt(2024, 11, 29, 10, 12),
        dt(2024, 11, 29, 12, 40),
        ("Inflação", "INE", "Preços"),
    ),
    Article(
        "710214",
        "Economia",
        "pt",
        "banco-de-portugal-reve-em-alta-previsao-de-crescimento",
        "Banco de Portugal revê em alta previsão de crescimento para este ano",
        paras("""
            O Banco de Portugal reviu em alta a previsão de crescimento da economia portuguesa para
            2% este ano, impulsionada pelo consumo privado e pelo turismo, segundo o boletim
            económico de junho.

            O governador afirmou que a economia mostra "uma resiliência notável" num contexto de
            juros elevados, mas alertou para o abrandamento dos principais parceiros comerciais.

            Para o desemprego, a instituição antecipa uma taxa de 6,5%, ligeiramente acima da do ano
            passado, enquanto a inflação deverá convergir para a meta de 2% em 2025.

            O boletim sublinha ainda que a execução dos fundos europeus do Plano de Recuperação e
            Resiliência será determinante para o investimento público nos próximos dois anos.
        """),
        "R.Fonseca/M.Costa--PC",
        Photo(
            media_path("710214", "2024-06"),
            "A sede do Banco de Portugal, em Lisboa",
            "Carlos COSTA/AFP/Arquivo",
        ),
        dt(2024, 6, 18, 11, 45),
        None,
        ("Banco de Portugal", "Crescimento", "Economia"),
        variant="legacy",
    ),
    Article(
        "710227",
        "Economia",
        "pt",
        "exportacoes-de-vinho-do-porto-batem-recorde",
        "Exportações de vinho do Porto batem recorde no primeiro semestre",
        paras("""
            As exportações de vinho do Porto atingiram um valor recorde no primeiro semestre,
            impulsionadas pela procura nos Estados Unidos e no Canadá, segundo dados do Instituto
            dos Vinhos do Douro e do Porto.

            As vendas para o estrangeiro cresceram 7% em valor face ao mesmo período do ano
            passado, embora o volume exportado tenha ficado praticamente estável.

            «Estamos a vender melhor, não necessariamente mais», resumiu o presidente de uma
            associação de produtores, que destacou a valorização das categorias especiais.

            Os produtores manifestam, no entanto, preocupação com a falta de mão-de-obra para a
            vindima, que começa dentro de poucas semanas na região demarcada do Douro.

            O setor tem apostado no enoturismo para compensar a quebra do mercado interno, com um
            número crescente de quintas abertas a visitantes.
        """),
        "L.Barros--PC",
        Photo(
            media_path("710227", "2024-08"),
            "Barcos rabelos no rio Douro, no Porto",
            "Miguel RIOPA/AFP",
        ),
        dt(2024, 8, 2, 16, 20),
        None,
        ("Vinho do Porto", "Exportações", "Douro"),
        variant="microdata",
        extra_photos=(
            Photo(
                media_path("710227", "2024-08", 2),
                "Caves de vinho do Porto em Vila Nova de Gaia",
                "Miguel RIOPA/AFP",
            ),
            Photo(
                media_path("710227", "2024-08", 3),
                "Vindima numa quinta do Douro",
                "Patricia DE MELO MOREIRA/AFP/Arquivo",
            ),
        ),
    ),
    Article(
        "710238",
        "Economia",
        "pt",
        "precos-dos-combustiveis-descem",
        "Preços dos combustíveis descem na próxima semana",
        paras("""
            Os preços do gasóleo e da gasolina deverão descer na próxima segunda-feira, de acordo
            com fontes do setor, acompanhando a evolução das cotações internacionais e do câmbio.

            O gasóleo deverá ficar cerca de dois cêntimos mais barato por litro, enquanto a descida
            da gasolina deverá rondar um cêntimo, segundo as mesmas fontes.

            Os valores finais variam entre postos de abastecimento, consoante a marca, a
            localização e as promoções em vigor.
        """),
        "A.Seabra--PC",
        None,
        dt(2024, 12, 13, 18, 0),
        None,
        ("Combustíveis", "Preços"),
        variant="figure",
        discovery="sitemap",
    ),
    Article(
        "710301",
        "Mundo",
        "pt",
        "conferencia-do-clima-termina-com-acordo",
        "Conferência do clima termina com acordo sobre financiamento",
        paras("""
            A conferência das Nações Unidas sobre o clima terminou na madrugada de domingo com um
            acordo sobre o financiamento aos países em desenvolvimento, depois de mais de 30 horas
            de prolongamento das negociações.

            Os países ricos comprometem-se a mobilizar verbas crescentes até 2035 para ajudar as
            nações mais vulneráveis a enfrentar os efeitos das alterações climáticas.

            Várias delegações africanas e dos pequenos Estados insulares consideraram o montante
            "insultuoso" e abandonaram a sala durante algumas horas em sinal de protesto.

            O secretário-executivo da convenção reconheceu que o resultado "não é perfeito", mas
            defendeu que o acordo mantém vivo o processo multilateral.
        """),
        "J.Pereira--PC",
        Photo(
            media_path("710301", "2024-11"),
            "Delegados na sessão plenária da conferência do clima",
            "Kirill KUDRYAVTSEV/AFP",
        ),
        dt(2024, 11, 24, 6, 30),
        None,
        ("Clima", "ONU", "Ambiente"),
    ),
    Article(
        "710312",
        "Mundo",
        "pt",
        "sismo-no-golfo-de-cadis-sentido-no-algarve",
        "Sismo de magnitude 4,7 no golfo de Cádis sentido no Algarve",
        paras("""
            Um sismo de magnitude 4,7 na escala de Richter com epicentro no golfo de Cádis foi
            sentido na manhã desta segunda-feira em vários concelhos do Algarve, sem causar vítimas
            nem danos, informou o Instituto Português do Mar e da Atmosfera (IPMA).

            O epicentro foi localizado no mar, a cerca de 80 quilómetros a sudoeste de Faro, a uma
            profundidade de 20 quilómetros.

            A Proteção Civil recebeu dezenas de chamadas de moradores assustados. "Senti a casa a
            abanar durante alguns segundos", contou uma moradora de Olhão.

            Os sismólogos lembram que a região tem atividade sísmica moderada e recomendam que a
            população conheça as medidas de autoproteção.
        """),
        "R.Fonseca--PC",
        Photo(
            media_path("710312", "2024-08"),
            "Equipas da proteção civil em Faro",
            "Filipe AMORIM/AFP",
        ),
        dt(2024, 8, 26, 12, 10),
        None,
        ("Sismo", "Algarve", "IPMA"),
        variant="broken",
    ),
    Article(
        "710325",
        "Mundo",
        "pt",
        "brasil-e-portugal-assinam-acordo-de-cooperacao-cientifica",
        "Brasil e Portugal assinam acordo de cooperação científica",
        paras("""
            Portugal e o Brasil assinaram em Brasília um acordo de cooperação científica que prevê
            programas conjuntos de investigação nas áreas do oceano, da energia e da saúde.

            O acordo inclui bolsas para estudantes de doutoramento e a criação de uma rede de
            laboratórios associados nos dois países.

            «A ciência é hoje uma das pontes mais sólidas entre os nossos povos», afirmou o
            ministro português da Educação, Ciência e Inovação na cerimónia.
        """),
        "M.Costa/J.Pereira--PC",
        Photo(
            media_path("710325", "2024-12"),
            "Cerimónia de assinatura do acordo em Brasília",
            "Evaristo SA/AFP",
        ),
        dt(2024, 12, 1, 15, 0),
        None,
        ("Brasil", "Ciência", "Cooperação"),
        variant="microdata",
        discovery="rss",
    ),
    Article(
        "710330",
        "Mundo",
        "pt",
        "milhares-manifestam-se-em-madrid-pela-habitacao",
        "Milhares manifestam-se em Madrid pelo direito à habitação",
        paras("""
            Milhares de pessoas manifestaram-se este domingo no centro de Madrid contra a subida
            das rendas e pelo direito à habitação, num protesto convocado por sindicatos de
            inquilinos e associações de moradores.

            Os manifestantes exigiram uma redução de 50% das rendas e o fim dos despejos. "Não somos
            mercadoria", lia-se numa das faixas à cabeça do desfile.

            Segundo a delegação do Governo espanhol, participaram cerca de 22 mil pessoas, enquanto
            os organizadores falaram em mais de 150 mil.

            O Governo espanhol anunciou medidas para limitar o arrendamento de curta duração, que
            considera uma das causas da escalada dos preços nas grandes cidades.
        """),
        "J.Pereira/L.Barros--PC",
        Photo(
            media_path("710330", "2024-10"),
            "Manifestantes desfilam no centro de Madrid",
            "Thomas COEX/AFP",
        ),
        dt(2024, 10, 13, 19, 40),
        None,
        ("Espanha", "Habitação", "Manifestação"),
        variant="figure",
    ),
)

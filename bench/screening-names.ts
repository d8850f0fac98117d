/**
 * Seeded generator of ordinary names, for the false-positive rate: common given and family names of
 * many countries (the top of national frequency lists, romanised as people write them in forms),
 * combined within one naming tradition, sometimes with a middle name.
 */

/** mulberry32: a small deterministic PRNG, so every run screens the same names. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

interface Tradition {
  readonly given: readonly string[];
  readonly family: readonly string[];
  /** Share of names given a second given name. */
  readonly middle: number;
}

const w = (text: string): string[] => text.trim().split(/\s+/);

const TRADITIONS: Readonly<Record<string, Tradition>> = {
  english: {
    given: w(
      'James John Robert Michael William David Richard Joseph Thomas Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emily Oliver Harry Jack George Amelia Olivia',
    ),
    family: w(
      'Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Myers Long Ross Foster',
    ),
    middle: 0.3,
  },
  spanish: {
    given: w(
      'Jose Juan Luis Carlos Jorge Miguel Antonio Francisco Pedro Manuel Maria Carmen Ana Laura Isabel Sofia Lucia Marta Elena Rosa Alejandro Diego Pablo Fernando Javier',
    ),
    family: w(
      'Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz Reyes Morales Jimenez Ruiz Alvarez Romero Navarro Dominguez Vazquez Ramos Gil Serrano Blanco Molina Castro Ortiz Rubio Marin Sanz Iglesias Medina Garrido Cortes Castillo Santos Lozano Guerrero Cano Prieto Mendez Cruz Calvo Gallego Vidal Leon Herrera Marquez Pena Cabrera Campos Vega Fuentes Carrasco Diez Caballero Nieto Aguilar Pascual Herrero',
    ),
    middle: 0.4,
  },
  german: {
    given: w(
      'Peter Michael Thomas Andreas Wolfgang Klaus Juergen Stefan Christian Uwe Ursula Monika Petra Elisabeth Sabine Renate Helga Karin Brigitte Ingrid Lukas Leon Finn Jonas Hanna Lena',
    ),
    family: w(
      'Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schaefer Koch Bauer Richter Klein Wolf Schroeder Neumann Schwarz Zimmermann Braun Krueger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Koehler Herrmann Koenig Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Moeller Weiss Jung Hahn Schubert Vogel Friedrich Keller Guenther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht',
    ),
    middle: 0.2,
  },
  french: {
    given: w(
      'Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Daniel Bernard Marie Nathalie Isabelle Sylvie Catherine Martine Christine Francoise Valerie Sandrine Lucas Hugo Louis Chloe Camille Manon',
    ),
    family: w(
      'Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefevre Faure Andre Mercier Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier Garcia Perrin Robin Clement Morin Nicolas Henry Roussel Mathieu Gautier Masson',
    ),
    middle: 0.3,
  },
  italian: {
    given: w(
      'Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Caterina Lorenzo Matteo Leonardo Alessandro Giulia Sofia',
    ),
    family: w(
      'Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti DeLuca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola DeSantis Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina Sala',
    ),
    middle: 0.1,
  },
  russian: {
    given: w(
      'Aleksandr Sergey Dmitriy Andrey Aleksey Maksim Evgeniy Ivan Mikhail Artem Elena Olga Natalya Tatyana Irina Svetlana Anna Mariya Ekaterina Yuliya Nikolay Pavel Roman Viktor Oleg Anastasiya',
    ),
    family: w(
      'Ivanov Smirnov Kuznetsov Popov Vasilyev Petrov Sokolov Mikhaylov Novikov Fedorov Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov Andreev Makarov Nikitin Zakharov Zaytsev Solovyev Borisov Yakovlev Grigoryev Romanov Vorobyev Sergeev Kuzmin Frolov Aleksandrov Dmitriev Korolev Gusev Kiselev Ilyin Maksimov Polyakov Sorokin Vinogradov Kovalev Belov Medvedev Antonov Tarasov Zhukov Baranov Filippov Komarov Davydov Belyaev Gerasimov Bogdanov Osipov Sidorov',
    ),
    middle: 0.5,
  },
  arabic: {
    given: w(
      'Mohammed Ahmed Ali Omar Khaled Youssef Ibrahim Hassan Mahmoud Mustafa Abdullah Tariq Karim Samir Nabil Fatima Aisha Mariam Layla Nour Huda Salma Rania Yasmin Zainab Amira',
    ),
    family: w(
      'Haddad Khoury Mansour Nasser Saleh Hamdan Aziz Khalil Farah Hussein Qasim Rahman Said Yassin Najjar Jaber Darwish Sabbagh Ghanem Barakat Shami Masri Tamimi Kanaan Zaher Odeh Awad Bakr Sharif Hijazi Nassar Abbas Salem Fakhoury Habib Karam Asfour Shaheen Suleiman Othman Hamad Taha Zidan Sultan Fares Bishara Halabi Sarkis',
    ),
    middle: 0.5,
  },
  turkish: {
    given: w(
      'Mehmet Mustafa Ahmet Ali Huseyin Hasan Ibrahim Ismail Osman Yusuf Fatma Ayse Emine Hatice Zeynep Elif Meryem Sultan Hulya Zehra Emre Burak Murat Can Deniz Ece',
    ),
    family: w(
      'Yilmaz Kaya Demir Sahin Celik Yildiz Yildirim Ozturk Aydin Ozdemir Arslan Dogan Kilic Aslan Cetin Kara Koc Kurt Ozkan Simsek Polat Ozcan Korkmaz Cakir Erdogan Yavuz Can Acar Sen Aktas Guler Yalcin Gunes Bozkurt Bulut Keskin Unal Turan Gul Ozer Isik Kaplan Avci Sari Tekin',
    ),
    middle: 0.2,
  },
  chinese: {
    given: w(
      'Wei Fang Na Min Jing Li Qiang Lei Jun Yang Yong Yan Jie Juan Tao Ming Chao Xiaoming Hui Xin Lin Hao Yu Jian Ping Ying',
    ),
    family: w(
      'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Lu Jiang Cui Zhong Tan Lu Wang Fan Jin Shi Liao Jia Xia',
    ),
    middle: 0,
  },
  indian: {
    given: w(
      'Aarav Vivaan Aditya Arjun Rohan Rahul Amit Sanjay Vijay Rajesh Suresh Anil Priya Anjali Pooja Neha Sneha Kavita Sunita Deepika Lakshmi Divya Meera Ravi Kiran Sunil',
    ),
    family: w(
      'Sharma Verma Gupta Singh Kumar Patel Shah Mehta Joshi Desai Iyer Nair Reddy Rao Pillai Menon Chatterjee Banerjee Mukherjee Das Bose Ghosh Sen Malhotra Kapoor Khanna Chopra Agarwal Jain Saxena Mishra Pandey Tiwari Dubey Yadav Chauhan Thakur Bhat Kulkarni Deshpande Naidu Krishnan Subramanian',
    ),
    middle: 0.2,
  },
  nigerian: {
    given: w(
      'Chinedu Emeka Oluwaseun Adebayo Babatunde Ifeanyi Tunde Segun Chukwuemeka Obinna Ngozi Chioma Funmilayo Aisha Blessing Folake Yetunde Adaeze Amaka Nneka Musa Ibrahim Usman Abubakar Yusuf Kemi',
    ),
    family: w(
      'Okafor Okeke Eze Nwosu Adeyemi Ogunleye Balogun Adeleke Olawale Okonkwo Obi Nwachukwu Uche Chukwu Ibekwe Afolabi Oyelaran Bello Abdullahi Suleiman Lawal Danjuma Ogundipe Akinola Adewale Onyekachi Ezeh Okoro Agu Nnamdi Oladipo Fashola',
    ),
    middle: 0.3,
  },
  japanese: {
    given: w(
      'Hiroshi Takashi Kenji Satoshi Makoto Daiki Haruto Yuto Sota Ren Yuki Haruka Aoi Sakura Yui Mei Hina Akiko Keiko Tomoko',
    ),
    family: w(
      'Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto Yamashita Ishikawa Nakajima Maeda Fujita Ogawa Goto Okada Hasegawa Murakami Kondo Ishii Saito Sakamoto Endo Aoki',
    ),
    middle: 0,
  },
  korean: {
    given: w(
      'Minjun Seojun Doyun Jiho Juwon Hyunwoo Jihoon Seoyeon Seoyun Jiwoo Haeun Minseo Jiyoon Yejin Sungmin Donghyun Jiyeon Eunji Soyeon Hyejin',
    ),
    family: w(
      'Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong Jeon Ko Moon Yang Son Bae Baek Heo Nam Noh',
    ),
    middle: 0,
  },
  vietnamese: {
    given: w(
      'Anh Minh Hung Tuan Duc Thanh Hieu Long Nam Quang Lan Huong Mai Linh Thu Hoa Trang Ngoc Phuong Thao',
    ),
    family: w('Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly'),
    middle: 0.6,
  },
  polish: {
    given: w(
      'Piotr Krzysztof Andrzej Tomasz Pawel Marcin Michal Jan Grzegorz Jakub Anna Maria Katarzyna Malgorzata Agnieszka Barbara Ewa Krystyna Magdalena Joanna',
    ),
    family: w(
      'Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski Wozniak Dabrowski Kozlowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawlowski Michalski Nowicki Adamczyk Dudek Zajac Wieczorek Jablonski Krol Majewski Olszewski',
    ),
    middle: 0.1,
  },
  persian: {
    given: w(
      'Ali Reza Mohammad Hossein Mehdi Amir Hamid Saeed Majid Behnam Fatemeh Zahra Maryam Narges Leila Shirin Parisa Mina Neda Sara',
    ),
    family: w(
      'Hosseini Mohammadi Ahmadi Rezaei Moradi Karimi Jafari Rahimi Hashemi Mousavi Sadeghi Ghorbani Heidari Kazemi Abbasi Rostami Najafi Ebrahimi Amini Alavi Azizi Bagheri Nazari Tehrani Shirazi Esfahani Tabrizi Kermani',
    ),
    middle: 0.2,
  },
};

export const TRADITION_NAMES = Object.keys(TRADITIONS);

/** One ordinary full name, "Given [Middle] Family", from a tradition chosen at random. */
export function ordinaryName(random: () => number): string {
  const tradition = TRADITIONS[pick(random, TRADITION_NAMES)] as Tradition;
  const given = pick(random, tradition.given);
  const parts = [given];
  if (random() < tradition.middle) {
    const middle = pick(random, tradition.given);
    if (middle !== given) parts.push(middle);
  }
  parts.push(pick(random, tradition.family));
  return parts.join(' ');
}
